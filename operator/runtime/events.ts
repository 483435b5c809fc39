import { type EventsV1Api, type KubernetesObject, V1MicroTime } from '@kubernetes/client-node';
import { describeError } from './errors.ts';
import type { Logger } from './logger.ts';

export interface EventRecorderOptions {
  /** The controller's name, as reportingController. */
  controller: string;
  /** This replica, as reportingInstance. */
  instance: string;
  /** Where events about cluster-scoped objects go. */
  clusterScopedNamespace?: string;
}

export interface RecordedEvent {
  type: 'Normal' | 'Warning';
  reason: string;
  action: string;
  note: string;
}

/**
 * Records events.k8s.io/v1 Events about an object. Recording never fails the caller: a lost
 * event is logged, not retried.
 */
export class EventRecorder {
  private readonly api: EventsV1Api;
  private readonly options: EventRecorderOptions;
  private readonly log: Logger;
  private readonly onWrite: () => void;

  constructor(api: EventsV1Api, options: EventRecorderOptions, log: Logger, onWrite: () => void) {
    this.api = api;
    this.options = options;
    this.log = log;
    this.onWrite = onWrite;
  }

  async record(regarding: KubernetesObject, event: RecordedEvent): Promise<void> {
    const namespace =
      regarding.metadata?.namespace ?? this.options.clusterScopedNamespace ?? 'default';
    try {
      this.onWrite();
      await this.api.createNamespacedEvent({
        namespace,
        body: {
          // As client-go names events: the object's name and the time in hexadecimal nanoseconds.
          metadata: {
            name: `${regarding.metadata?.name}.${(BigInt(Date.now()) * 1_000_000n + (process.hrtime.bigint() % 1_000_000n)).toString(16)}`,
            namespace,
          },
          eventTime: new V1MicroTime(),
          reportingController: this.options.controller,
          reportingInstance: this.options.instance,
          type: event.type,
          reason: event.reason,
          action: event.action,
          note: event.note.slice(0, 1024),
          regarding: {
            apiVersion: regarding.apiVersion,
            kind: regarding.kind,
            name: regarding.metadata?.name,
            namespace: regarding.metadata?.namespace,
            uid: regarding.metadata?.uid,
            resourceVersion: regarding.metadata?.resourceVersion,
          },
        },
      });
    } catch (error) {
      this.log.warn(
        { error: describeError(error), reason: event.reason },
        'could not record an event',
      );
    }
  }
}
