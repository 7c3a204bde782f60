// Public names of the fault proxy (issue 8 §4).
export { freshSeed, seededRandom, type Random } from './seeded-random.ts';
