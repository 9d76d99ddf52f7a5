export type SizeName = 'estate' | 'street' | 'district';

export interface SizeSpec {
  name: SizeName;
  label: string;
  people: number;
  houses: number;
  /** Seed of the generators: the same size yields the same data on every driver and every run. */
  seed: number;
  /** Whether the embedded database (PGlite) is benchmarked at this size too. */
  pglite: boolean;
}

export const SIZES: Record<SizeName, SizeSpec> = {
  estate: { name: 'estate', label: '小区 estate', people: 3_000, houses: 1_200, seed: 3_000, pglite: true },
  street: {
    name: 'street',
    label: '街道 street',
    people: 100_000,
    houses: 40_000,
    seed: 100_000,
    pglite: true,
  },
  district: {
    name: 'district',
    label: '区 district',
    people: 1_000_000,
    houses: 400_000,
    seed: 1_000_000,
    pglite: false,
  },
};

export const SIZE_NAMES = Object.keys(SIZES) as SizeName[];

export function isSizeName(s: string): s is SizeName {
  return (SIZE_NAMES as string[]).includes(s);
}
