// The mediation pages, loaded together on the first visit to any of them.
export { AgreementPrintPage } from './AgreementPrintPage.js';
export { CasePage } from './CasePage.js';
export { CasesPage } from './CasesPage.js';
export { CommitteesPage } from './CommitteesPage.js';
export { NewCasePage } from './NewCasePage.js';
export { StatsPage } from './StatsPage.js';
export { SweepsPage } from './SweepsPage.js';
export { WarningsPage } from './WarningsPage.js';
