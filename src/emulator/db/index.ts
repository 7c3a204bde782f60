export { ObjectDb, type ObjectDbOptions } from './object-db.ts';
export {
  SqliteStore,
  type Durability,
  type RecordDefaults,
  type SqliteStoreOptions,
} from './sqlite-store.ts';
export { RELATIONS, type Relation } from './relations.ts';
export type {
  ChangeKind,
  ChangeListener,
  CommitBatch,
  DbChange,
  DbRecord,
  DbStore,
  EncodedMember,
  LoadedState,
  StoredObject,
  Tombstone,
} from './db-types.ts';
