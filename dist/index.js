import { createRequire as __mrgCreateRequire } from 'node:module'; const require = __mrgCreateRequire(import.meta.url);
async function o(){}await o();
