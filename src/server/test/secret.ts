// A fixed key for tests only; real installations generate or are given their own.
export const TEST_SECRET_KEY = 'a0'.repeat(32);
