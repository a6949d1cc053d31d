/**
 * Which of the owner's messages a follower applies (pure; follower.ts does the I/O). The owner numbers
 * its store changes; a snapshot says which number it includes. A follower applies exactly the changes
 * after its snapshot, in order, from the tab that sent it: a change it already has (sent before the
 * snapshot) is ignored; a missing number (a message lost), or a change from another tab (a new owner
 * after a takeover elsewhere), means its copy can no longer be trusted: it asks for a new snapshot
 * and ignores everything until that arrives.
 */
export type OpVerdict = 'apply' | 'ignore' | 'resync';

export class MirrorSequence {
  private owner: string | undefined;
  private seq = 0;
  private synced = false;

  /** The tab whose state this one mirrors (undefined before the first snapshot). */
  get ownerId(): string | undefined {
    return this.synced ? this.owner : undefined;
  }

  snapshot(from: string, seq: number): void {
    this.owner = from;
    this.seq = seq;
    this.synced = true;
  }

  op(from: string, seq: number): OpVerdict {
    if (!this.synced) return 'ignore';
    if (from !== this.owner) return this.lost();
    if (seq <= this.seq) return 'ignore';
    if (seq !== this.seq + 1) return this.lost();
    this.seq = seq;
    return 'apply';
  }

  /** Whether a non-numbered message (connections, status) comes from the tab mirrored. */
  fromOwner(from: string): boolean {
    return this.synced && from === this.owner;
  }

  private lost(): OpVerdict {
    this.synced = false;
    return 'resync';
  }
}
