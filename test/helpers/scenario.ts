/**
 * One part of a scenario whose parts build on each other (one bot process, one browser session, one card tapped
 * after it was posted). The parts run in order inside one test, so no test depends on another test's state and
 * `jest --randomize` cannot reorder them; a failing part still names itself.
 */
export async function part(name: string, run: () => unknown): Promise<void> {
  try {
    await run();
  } catch (error) {
    if (error instanceof Error) error.message = `${name}:\n${error.message}`;
    throw error;
  }
}
