export { HistoryChart } from './HistoryChart';
export { ReportView } from './ReportView';
