package org.polycast.reload.internal.peer;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.log.LoggerFactory;
import org.polycast.common.internal.BundleLog;
import org.polycast.common.internal.GuardedTask;
import org.osgi.service.metatype.annotations.Designate;
import org.polycast.api.overlay.AppLink;
import org.polycast.api.overlay.AppLinkAcceptor;
import org.polycast.api.overlay.AppLinks;
import org.polycast.api.overlay.OverlayException;
import org.polycast.api.overlay.OverlayRequestHandler;
import org.polycast.api.overlay.OverlayService;
import org.polycast.api.overlay.OverlayValue;
import org.polycast.reload.internal.applink.AppAttachProtocol;
import org.polycast.reload.internal.config.ConfigDocument;
import org.polycast.reload.internal.config.OverlayConfig;
import org.polycast.reload.internal.link.EventLoopScheduler;
import org.polycast.reload.internal.link.TlsAppLinkTransport;
import org.polycast.reload.internal.link.TlsLinkLayer;
import org.polycast.reload.internal.node.ChordOptions;
import org.polycast.reload.internal.node.NodeOverlayService;
import org.polycast.reload.internal.node.OverlayNode;
import org.polycast.reload.internal.security.NodeCredentials;
import org.polycast.reload.internal.security.ReloadCertificates;
import org.polycast.reload.internal.security.X509Signer;
import org.polycast.reload.internal.security.X509Verifier;

import io.netty.channel.EventLoop;
import io.netty.channel.nio.NioEventLoopGroup;
import io.netty.handler.ssl.ClientAuth;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslProvider;
import io.netty.util.concurrent.DefaultThreadFactory;

/**
 * A configured overlay peer: credentials, the TLS link layer and the node on one event loop, offered
 * as the {@link OverlayService}. Deactivation leaves the overlay gracefully before closing the links.
 */
@Component(service = {OverlayService.class, AppLinks.class, OverlayPeer.class}, configurationPid = "org.polycast.reload", immediate = true,
        configurationPolicy = ConfigurationPolicy.REQUIRE)
@Designate(ocd = OverlayConfiguration.class)
public final class OverlayPeer implements OverlayService, AppLinks {
    private NioEventLoopGroup group;
    private NioEventLoopGroup appLanes;
    private AppAttachProtocol appLinks;
    private OverlayNode node;
    private TlsLinkLayer links;
    private OverlayConfig config;
    private X509Signer signer;
    private NodeOverlayService service;

    private final BundleLog log;

    /** @param loggers the Log Service if it runs at activation (optional and static: its coming later does not restart the peer) */
    @Activate
    public OverlayPeer(OverlayConfiguration c, @Reference(cardinality = ReferenceCardinality.OPTIONAL) LoggerFactory loggers) throws Exception {
        this.log = new BundleLog(OverlayPeer.class, () -> loggers);
        try {
            start(c);
        } catch (Exception | Error e) {
            // DS logs only "error during instantiation"; an operator needs the reason.
            log.error("the overlay peer did not start: " + e, e);
            throw e;
        }
    }

    private void start(OverlayConfiguration c) throws Exception {
        OverlayConfig doc = c.configuration().isBlank() ? ConfigDocument.parse(embeddedDocument()).withName(c.overlay())
                : ConfigDocument.parse(Files.readAllBytes(Path.of(c.configuration())));
        if (c.updateIntervalSeconds() > 0) {
            doc = doc.withUpdateInterval(c.updateIntervalSeconds());
        }
        doc.requireSupported();
        Path dir = c.certificateDir().isBlank()
                ? Path.of(System.getProperty("polycast.home", System.getProperty("java.io.tmpdir")), "reload", doc.instanceName())
                : Path.of(c.certificateDir());
        boolean caMode = "ca".equalsIgnoreCase(c.certificateMode());
        NodeCredentials credentials;
        List<X509Certificate> roots = new ArrayList<>();
        for (byte[] der : doc.rootCertificates()) {
            roots.add(ReloadCertificates.parse(der));
        }
        if (caMode) {
            if (!NodeCredentials.exist(dir, NodeCredentials.NODE_KEY, NodeCredentials.NODE_CERT)) {
                throw new IOException("certificateMode=ca but no node.key and node.crt in " + dir + "; enrol with: ham:overlay enrol CA_DIR " + dir
                        + " USER " + doc.instanceName());
            }
            credentials = NodeCredentials.load(dir, NodeCredentials.NODE_KEY, NodeCredentials.NODE_CERT);
            if (Files.isRegularFile(dir.resolve(NodeCredentials.CA_CERT))) {
                roots.add(NodeCredentials.certificate(dir.resolve(NodeCredentials.CA_CERT)));
            }
            if (roots.isEmpty()) {
                throw new IOException("certificateMode=ca but no root certificate: neither ca.crt in " + dir + " nor root-cert in the document");
            }
        } else {
            if (!doc.selfSignedPermitted()) {
                throw new IOException("the overlay " + doc.instanceName() + " does not permit self-signed certificates; use certificateMode=ca");
            }
            credentials = NodeCredentials.selfSigned(dir, doc.instanceName(), c.user());
        }
        this.config = doc;
        this.signer = new X509Signer(credentials.key(), credentials.certificate());
        X509Verifier verifier = new X509Verifier(roots, !caMode && doc.selfSignedPermitted());
        verifier.check(credentials.certificate());
        this.group = new NioEventLoopGroup(1, new DefaultThreadFactory("polycast-reload", true));
        EventLoop loop = group.next();
        this.node = new OverlayNode(doc, signer, verifier, new EventLoopScheduler(loop, new GuardedTask.Failures("an overlay task", log::warn)),
                new ChordOptions(3, 16, 2, TimeUnit.SECONDS.toMillis(c.replicationHoldoffSeconds())));
        SslContext server = SslContextBuilder.forServer(credentials.key(), credentials.certificate()).sslProvider(SslProvider.JDK)
                .protocols("TLSv1.2").clientAuth(ClientAuth.REQUIRE).trustManager(new org.polycast.reload.internal.link.OverlayTrustManagerFactory(verifier))
                .build();
        SslContext client = SslContextBuilder.forClient().keyManager(credentials.key(), credentials.certificate()).sslProvider(SslProvider.JDK)
                .protocols("TLSv1.2").trustManager(new org.polycast.reload.internal.link.OverlayTrustManagerFactory(verifier)).build();
        List<InetAddress> advertised = new ArrayList<>();
        for (String a : c.advertisedAddresses()) {
            advertised.add(InetAddress.getByName(a.trim()));
        }
        this.links = new TlsLinkLayer(loop, node, node.counters(), server, client, doc.maxMessageSize(), advertised);
        try {
            links.bind(new InetSocketAddress(InetAddress.getByName(c.listenAddress()), c.port()));
        } catch (RuntimeException e) {
            group.shutdownGracefully(0, 1, TimeUnit.SECONDS);
            throw e;
        }
        int lanes = c.appLinkThreads() > 0 ? c.appLinkThreads() : Math.min(4, Runtime.getRuntime().availableProcessors());
        this.appLanes = new NioEventLoopGroup(lanes, new DefaultThreadFactory("polycast-applink", true));
        TlsAppLinkTransport appTransport = new TlsAppLinkTransport(appLanes, server, client, node.counters(), advertised);
        try {
            appTransport.bind(new InetSocketAddress(InetAddress.getByName(c.listenAddress()), c.appLinkPort()));
        } catch (RuntimeException e) {
            links.close();
            appLanes.shutdownGracefully(0, 1, TimeUnit.SECONDS);
            group.shutdownGracefully(0, 1, TimeUnit.SECONDS);
            throw e;
        }
        this.appLinks = new AppAttachProtocol(node, appTransport);
        this.service = new NodeOverlayService(node);
        node.start(links, bootstrap(c, doc));
    }

    private static byte[] embeddedDocument() throws IOException {
        try (var in = OverlayPeer.class.getResourceAsStream("/org/polycast/reload/internal/config/default-overlay.xml")) {
            return in.readAllBytes();
        }
    }

    private List<InetSocketAddress> bootstrap(OverlayConfiguration c, OverlayConfig doc) throws IOException {
        List<InetSocketAddress> out = new ArrayList<>();
        if (c.bootstrap().length > 0) {
            for (String b : c.bootstrap()) {
                out.add(hostPort(b.trim()));
            }
        } else {
            InetSocketAddress self = links.boundAddress();
            for (InetSocketAddress b : doc.bootstrapNodes()) {
                InetSocketAddress r = new InetSocketAddress(b.getHostString(), b.getPort());
                boolean mine = r.getPort() == self.getPort() && (java.net.NetworkInterface.getByInetAddress(r.getAddress()) != null);
                if (!mine) {
                    out.add(r);
                }
            }
        }
        return out;
    }

    static InetSocketAddress hostPort(String text) {
        org.polycast.common.internal.HostPort hp = org.polycast.common.internal.HostPort.parse(text, null, OverlayConfig.DEFAULT_PORT);
        return new InetSocketAddress(hp.host(), hp.port());
    }

    @Deactivate
    void deactivate() {
        CompletableFuture<Void> left = new CompletableFuture<>();
        node.execute(() -> {
            node.leave();
            // The Leave messages are written before the links close.
            node.scheduler().schedule(() -> left.complete(null), 200);
        });
        left.completeOnTimeout(null, 2, TimeUnit.SECONDS).join();
        appLinks.close();
        appLanes.shutdownGracefully(0, 1, TimeUnit.SECONDS).awaitUninterruptibly(3000);
        links.close();
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS).awaitUninterruptibly(3000);
    }

    /** Leaves and closes, for harnesses that run peers outside a framework (the benchmarks). */
    public void deactivateForBenchmark() {
        deactivate();
    }

    /** The node's counters (signatures made and checked, forwarded, ...), for harnesses outside a framework. */
    public java.util.Map<String, Long> countersForBenchmark() {
        return node.counters().snapshot();
    }

    // ------------------------------------------------------------------ for the commands

    OverlayNode node() {
        return node;
    }

    TlsLinkLayer links() {
        return links;
    }

    OverlayConfig config() {
        return node.config();
    }

    NodeOverlayService service() {
        return service;
    }

    /** Runs a query on the node's thread and waits for it. */
    <T> T onNode(java.util.function.Supplier<T> query) {
        CompletableFuture<T> f = new CompletableFuture<>();
        node.execute(() -> {
            try {
                f.complete(query.get());
            } catch (RuntimeException e) {
                f.completeExceptionally(e);
            }
        });
        return f.orTimeout(5, TimeUnit.SECONDS).join();
    }

    // ------------------------------------------------------------------ OverlayService, served by the node

    @Override
    public String overlayName() {
        return service.overlayName();
    }

    @Override
    public String nodeId() {
        return service.nodeId();
    }

    @Override
    public String userName() {
        return service.userName();
    }

    @Override
    public boolean joined() {
        return service.joined();
    }

    @Override
    public byte[] resourceId(String name) {
        return service.resourceId(name);
    }

    @Override
    public CompletionStage<String> nextHop(byte[] resource) {
        return service.nextHop(resource);
    }

    @Override
    public List<String> kinds() {
        return service.kinds();
    }

    @Override
    public CompletionStage<List<String>> store(String kind, byte[] resource, List<OverlayValue> values, Duration lifetime) {
        return service.store(kind, resource, values, lifetime);
    }

    @Override
    public CompletionStage<List<OverlayValue>> fetch(String kind, byte[] resource) {
        return service.fetch(kind, resource);
    }

    @Override
    public CompletionStage<byte[]> request(byte[] resource, byte[] body) {
        return service.request(resource, body);
    }

    @Override
    public CompletionStage<byte[]> requestNode(String nodeId, byte[] body) {
        return service.requestNode(nodeId, body);
    }

    @Override
    public AutoCloseable serve(OverlayRequestHandler handler) {
        return service.serve(handler);
    }

    @Override
    public byte[] certificate() {
        return service.certificate();
    }

    @Override
    public byte[] sign(byte[] data) {
        return service.sign(data);
    }

    @Override
    public void verify(String nodeId, byte[] certificate, byte[] data, byte[] signature) throws OverlayException {
        service.verify(nodeId, certificate, data, signature);
    }

    // ------------------------------------------------------------------ AppLinks, served by AppAttach

    @Override
    public CompletionStage<AppLink> attach(String nodeId, int applicationId, byte[] token, AppLink.Listener listener) {
        return appLinks.attach(nodeId, applicationId, token, listener);
    }

    @Override
    public AutoCloseable serve(int applicationId, AppLinkAcceptor acceptor) {
        return appLinks.serve(applicationId, acceptor);
    }
}
