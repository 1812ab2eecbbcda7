export { KymarosPage } from './KymarosPage';
export type { KymarosPageProps } from './KymarosPage';
