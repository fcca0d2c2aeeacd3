/** The action's entry point: runs the action and nothing else. */
import { run } from './action.js';

await run();
