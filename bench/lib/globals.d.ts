/** The first frame that showed a change; times from performance.now(). */
interface ShownFrame {
  /** When the frame's rendering began (its animation callbacks). */
  frameAt: number;
  /** When the frame's rendering task ended and it was handed on. */
  paintedAt: number;
  /** Animation frames counted until the change was shown, this one too. */
  frames: number;
}

/** What the probe (probe.ts) defines in every bench page. */
interface BenchProbe {
  clickAt: number;
  pending: Promise<ShownFrame & { clickAt: number }> | null;
  tests: Record<string, () => boolean>;
  arm(testName: string): void;
  afterFrameWhen(test: () => boolean): Promise<ShownFrame>;
  deepQueryAll(root: ParentNode, selector: string): Element[];
  anyDialogOpen(root: ParentNode): boolean;
}

interface Window {
  __bench: BenchProbe;
  __benchClockOffset(rounds?: number): Promise<number>;
  /** Set by bench drivers: the next outcome event's type. */
  __benchOutcome?: Promise<string>;
  /** Exposed by a driver to hear of clicks (epoch ms, page clock). */
  __benchClicked?: (at: number) => void;
  /** Exposed by a driver to hear when the plain shop leaves for pay_link. */
  __benchNavigating?: (times: {
    requested: number;
    answered: number;
    navigated: number;
  }) => void;
  /** On the plain shop's return: when it was usable and confirmed. */
  __benchBack?: Promise<{ usable: number; confirmed: number; status: string }>;
}
