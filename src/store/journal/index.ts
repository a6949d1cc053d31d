export * from './records';
export * from './changes';
export * from './retention';
export * from './restore';
export * from './reconcile';
export * from './resume';
export * from './journal-status';
