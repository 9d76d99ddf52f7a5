/** A fixed 64-hex-digit ANJU_SECRET_KEY: generated personal data and the servers must agree on it. */
export const BENCH_SECRET_KEY = 'a7c3e1f09b2d4c6e8f1a3b5c7d9e0f2a4b6c8d0e1f3a5b7c9d2e4f6a8b0c1d3e';

/** The password of every generated account (hashed once with the app's argon2id settings). */
export const BENCH_PASSWORD = 'Bench-Anju-2026';
