export * from './backupCoverage';
export * from './entities';
export * from './mockApi';
export * from './reports';
export * from './responseErrors';
export * from './summary';
export * from './tests';
