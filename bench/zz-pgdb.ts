import { createPgDatabase } from '../test/support/engines.ts';
const db = await createPgDatabase(); console.log(db.url);
