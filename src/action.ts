/** PLACEHOLDER: owned by the GitHub helper. */
export async function run(): Promise<void> {}
