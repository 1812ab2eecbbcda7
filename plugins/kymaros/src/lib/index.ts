export * from './reportDuration';
export * from './levels';
export * from './result';
export * from './time';
export * from './text';
export * from './entityRefs';
