/**
 * Frame kinds of the engine channel; the numbers match native/common/frame.h.
 * @internal
 */
export enum FrameKind {
  Request = 1,
  Response = 2,
  Notification = 3,
  Log = 4,
  Data = 5,
}

/** Events the addon adds to the channel's own frame kinds. @internal */
export enum AddonEventKind {
  /** The engine sent bytes that are not a valid frame. */
  ChannelError = 0,
  /** The engine process is gone. */
  EngineExit = 255,
}
