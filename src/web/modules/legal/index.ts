// The module's pages, loaded together on first visit to any of them.
export { AgreementsPage } from './AgreementsPage.js';
export { ArticlesPage } from './ArticlesPage.js';
export { BoardsPage } from './BoardsPage.js';
export { ContactsPage } from './ContactsPage.js';
export { DutyPage } from './DutyPage.js';
export { RequestPage } from './RequestPage.js';
export { RequestsPage } from './RequestsPage.js';
export { SchoolPage } from './SchoolPage.js';
export { SessionPage } from './SessionPage.js';
export { StatsPage } from './StatsPage.js';
