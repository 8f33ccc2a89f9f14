export { receiptPdf } from "./receipt";
export * as LedgerReport from "../ledger/report";
