// A static file server on 127.0.0.1 standing in for the release's download address (GitHub releases in
// production): serves the files of one folder, which a test can change, and logs every request.
import * as fs from "fs";
import * as http from "http";
import type { AddressInfo } from "net";
import * as path from "path";

/** A running release server. */
export class ReleaseServer {
    /** The request paths served (or refused), oldest first. */
    readonly requests: { path: string; status: number }[] = [];

    private constructor(
        private readonly server: http.Server,
        /** The folder whose files are served at the root. */
        public dir: string,
    ) {}

    /** Serves `dir` on a free port of 127.0.0.1. */
    static async start(dir: string): Promise<ReleaseServer> {
        let self: ReleaseServer | undefined;
        const server = http.createServer((req, res) => self!.handle(req, res));
        self = new ReleaseServer(server, dir);
        await new Promise<void>((resolve, reject) => {
            server.once("error", reject);
            server.listen(0, "127.0.0.1", () => resolve());
        });
        return self;
    }

    /** The address to give as a plugin download URL, with its final slash. */
    get url(): string {
        return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}/`;
    }

    private handle(req: http.IncomingMessage, res: http.ServerResponse): void {
        const name = decodeURIComponent(new URL(req.url ?? "/", "http://x").pathname).replace(/^\/+/, "");
        const file = path.join(this.dir, name);
        const inside = !path.relative(this.dir, file).startsWith("..") && !name.includes("\0");
        if (req.method !== "GET" || !inside || !name || !fs.existsSync(file) || !fs.statSync(file).isFile()) {
            this.requests.push({ path: `/${name}`, status: 404 });
            res.writeHead(404, { "content-type": "text/plain" }).end("not found\n");
            return;
        }
        this.requests.push({ path: `/${name}`, status: 200 });
        const data = fs.readFileSync(file);
        res.writeHead(200, { "content-type": "application/gzip", "content-length": data.length }).end(data);
    }

    close(): Promise<void> {
        return new Promise((resolve) => this.server.close(() => resolve()));
    }
}
