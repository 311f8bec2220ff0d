// The semantic store of a store handle, made once per handle.
import type { Store } from './database.js';
import { postgresSemanticStore } from './postgres-semantic-store.js';
import type { SemanticStore } from './semantic-store.js';
import { inTransaction } from './sql-runner.js';
import { sqliteSemanticStore } from './sqlite-semantic-store.js';

const made = new WeakMap<Store, SemanticStore>();

export function semanticStoreOf(store: Store): SemanticStore {
  let semantic = made.get(store);
  if (semantic === undefined) {
    semantic =
      store.dialect === 'postgres'
        ? postgresSemanticStore(store)
        : // Writes wait for the write lock on a timer, in the store's transaction (the refit worker may hold it).
          sqliteSemanticStore(store.sqlite, (write) => inTransaction(store, () => Promise.resolve(write())));
    made.set(store, semantic);
  }
  return semantic;
}
