import net from "node:net";

export type ProxyMode = "forward" | "blackhole";

/**
 * A TCP proxy between the server under test and PostgreSQL that a test can cut and restore.
 * `cut()` drops every open connection and then accepts new ones without ever answering (a
 * database host that vanished from the network: connects hang, nothing is refused). `restore()`
 * drops the silent connections and forwards again.
 */
export class TcpProxy {
  private server = net.createServer((client) => this.accept(client));
  private sockets = new Set<net.Socket>();
  private mode: ProxyMode = "forward";
  port = 0;

  constructor(
    private readonly targetHost: string,
    private readonly targetPort: number,
  ) {}

  async listen(): Promise<number> {
    await new Promise<void>((resolve) => this.server.listen(0, "127.0.0.1", resolve));
    this.port = (this.server.address() as net.AddressInfo).port;
    return this.port;
  }

  private track(s: net.Socket): void {
    this.sockets.add(s);
    s.on("close", () => this.sockets.delete(s));
    s.on("error", () => s.destroy());
  }

  private accept(client: net.Socket): void {
    this.track(client);
    if (this.mode === "blackhole") {
      client.on("data", () => undefined); // swallow whatever the client sends
      return;
    }
    const upstream = net.connect(this.targetPort, this.targetHost);
    this.track(upstream);
    client.pipe(upstream);
    upstream.pipe(client);
    client.on("close", () => upstream.destroy());
    upstream.on("close", () => client.destroy());
  }

  private dropAll(): void {
    for (const s of this.sockets) s.destroy();
    this.sockets.clear();
  }

  cut(): void {
    this.mode = "blackhole";
    this.dropAll();
  }

  restore(): void {
    this.mode = "forward";
    this.dropAll();
  }

  async close(): Promise<void> {
    this.dropAll();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }
}
