/** `npx tsx test/unit/render/support/write-advance-table.ts`: regenerates the font table. */
import { writeFileSync } from 'node:fs';
import { advanceModuleSource, measureAdvanceData, tableChars } from './advance-table.js';

const chars = tableChars();
const out = new URL('../../../../display/render/text/advance-table.ts', import.meta.url);
writeFileSync(out, advanceModuleSource(chars, measureAdvanceData(chars)));
console.log(`wrote ${out.pathname} (${chars.length} characters)`);
