/** Types of bench/corpus.mjs for the TypeScript tests that share the generator. */
export declare function prng(seed: number): () => number;
export declare function generateCard(rand: () => number, index: number): string;
export declare function writeCorpus(dir: string, count: number, seed?: number): string[];
