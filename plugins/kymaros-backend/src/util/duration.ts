export {
  formatDuration,
  parseDuration,
  tryParseDuration,
} from '@kymaros/plugin-kymaros-common';
