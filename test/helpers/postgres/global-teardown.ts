/** jest globalTeardown: stops the server globalSetup started (none when TEST_DATABASE_URL was given). */
export default async function globalTeardown(): Promise<void> {
  await globalThis.__LOCAL_POSTGRES__?.stop();
  globalThis.__LOCAL_POSTGRES__ = undefined;
}
