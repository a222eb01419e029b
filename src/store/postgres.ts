/** PostgreSQL backend: being written (see the store issue); until then opening one is a clear error. */
import { MtapError } from '../errors.js';
import { registerPostgres } from './open.js';

registerPostgres(async (url) => {
  throw new MtapError('E_STORE', `PostgreSQL stores are not available in this build (${url.replace(/\/\/([^:/@]*):[^@/]*@/, '//$1:***@')})`);
});
