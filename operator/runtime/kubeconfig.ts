import { KubeConfig, type RequestContext } from '@kubernetes/client-node';

type Dispatcher = NonNullable<ReturnType<RequestContext['getDispatcher']>>;

/**
 * A KubeConfig whose API calls share connections. client-node 2 gives every request a new
 * undici Agent, so every request opens a new TLS connection: at a few hundred requests a
 * second that handshaking was most of the operator's CPU. This keeps the first Agent made for
 * each context and hands it to every later request (authentication headers are still set per
 * request, so rotated service-account tokens are still read).
 */
export class PooledKubeConfig extends KubeConfig {
  private readonly dispatchers = new Map<string, Dispatcher>();

  override async applySecurityAuthentication(context: RequestContext): Promise<void> {
    await super.applySecurityAuthentication(context);
    const made = context.getDispatcher();
    if (!made) return;
    const key = this.getCurrentContext();
    const shared = this.dispatchers.get(key);
    if (shared) context.setDispatcher(shared);
    else this.dispatchers.set(key, made);
  }
}

/** A pooled KubeConfig from a file, or from the pod's service account when there is none. */
export function loadKubeconfig(file?: string): KubeConfig {
  const kubeconfig = new PooledKubeConfig();
  if (file) kubeconfig.loadFromFile(file);
  else kubeconfig.loadFromCluster();
  return kubeconfig;
}
