export { createKymarosCatalogColumn } from './createKymarosCatalogColumn';
