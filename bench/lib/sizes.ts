export type SizeName = 'estate' | 'town' | 'street' | 'district';

export interface SizeSpec {
  name: SizeName;
  label: string;
  people: number;
  houses: number;
  /** Seed of the generators: the same size yields the same data on every driver and every run. */
  seed: number;
  /** Whether the embedded database (PGlite) is benchmarked at this size too. */
  pglite: boolean;
  /** Run only when named in --sizes (not part of the default, full run). */
  extra?: boolean;
}

export const SIZES: Record<SizeName, SizeSpec> = {
  estate: { name: 'estate', label: '小区 estate', people: 3_000, houses: 1_200, seed: 3_000, pglite: true },
  // The size of an embedded (PGlite) installation's targets in issue #4: a 镇 or a small 街道.
  town: {
    name: 'town',
    label: '镇 town',
    people: 50_000,
    houses: 20_000,
    seed: 50_000,
    pglite: true,
    extra: true,
  },
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
/** What a run covers when --sizes is not given (sizes marked `extra` only run when named). */
export const DEFAULT_SIZES = SIZE_NAMES.filter((n) => !SIZES[n].extra);

export function isSizeName(s: string): s is SizeName {
  return (SIZE_NAMES as string[]).includes(s);
}
