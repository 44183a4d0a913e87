/** The SDK as tests use it (the sources, not the build), plus the event table. */
import { HANDLER_METHODS, type CallClientEventName } from '../../../src/call/events/events';

export * from '../../../src';

/** Every event with its EventHandler method name. */
export const HANDLER_EVENT_NAMES = Object.entries(HANDLER_METHODS) as [CallClientEventName, string][];
