package org.polycast.benchmarks;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.function.Consumer;

import org.osgi.framework.Bundle;
import org.osgi.framework.launch.Framework;
import org.osgi.framework.launch.FrameworkFactory;
import org.osgi.util.tracker.ServiceTracker;
import org.polycast.api.HamUri;
import org.polycast.api.MulticastService;
import org.polycast.api.MulticastSocket;

/**
 * The Polycast path: Felix with the core and the IPv4 technology, embedded in this JVM; the API
 * package comes from the class path (system packages), so this code calls the very service the
 * framework registered. The IPv4 technology is restricted to one interface by configuration.
 */
final class PolycastEndpoint implements Endpoint {
    private final Framework framework;
    private final MulticastService service;
    private final List<MulticastSocket> sockets = new ArrayList<>();
    private final MulticastSocket sender;
    private final Map<String, HamUri> names = new HashMap<>();

    private final boolean direct;

    PolycastEndpoint(String iface, File bundleDir, boolean direct) throws Exception {
        this.direct = direct;
        Path storage = Files.createTempDirectory("polycast-bench");
        Path conf = Files.createDirectories(storage.resolve("conf"));
        Files.writeString(conf.resolve("org.polycast.ipv4.cfg"), "interfaces=" + iface + "\nincludeLoopback=true\ndefaultTtl=1\n");
        Map<String, String> props = new HashMap<>();
        props.put("org.osgi.framework.storage", storage.resolve("cache").toString());
        props.put("org.osgi.framework.storage.clean", "onFirstInit");
        props.put("org.osgi.framework.system.packages.extra",
                "org.polycast.api;version=1.0.0,org.polycast.api.spi;version=1.0.0,org.polycast.api.runtime;version=1.0.0,org.polycast.api.runtime.dto;version=1.0.0");
        props.put("felix.fileinstall.dir", conf.toString());
        props.put("felix.fileinstall.noInitialDelay", "true");
        props.put("felix.fileinstall.log.level", "1");
        props.put("felix.fileinstall.enableConfigSave", "false"); // as in the runtime: save-back races with reading and can empty the config
        framework = ServiceLoader.load(FrameworkFactory.class).iterator().next().newFramework(props);
        framework.start();
        List<Bundle> installed = new ArrayList<>();
        File[] jars = bundleDir.listFiles((d, n) -> n.endsWith(".jar"));
        Arrays.sort(jars);
        for (File jar : jars) {
            installed.add(framework.getBundleContext().installBundle(jar.toURI().toString()));
        }
        for (Bundle b : installed) {
            if (b.getHeaders().get("Fragment-Host") == null) {
                b.start();
            }
        }
        ServiceTracker<MulticastService, MulticastService> tracker = new ServiceTracker<>(framework.getBundleContext(), MulticastService.class, null);
        tracker.open();
        service = tracker.waitForService(20_000);
        if (service == null) {
            throw new IllegalStateException("no MulticastService within 20 s");
        }
        long deadline = System.nanoTime() + 20_000_000_000L;
        while (service.interfaces().stream().noneMatch(p -> p.name().equals(iface)) && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        int index = service.interfaces().stream().filter(p -> p.name().equals(iface)).findFirst()
                .orElseThrow(() -> new IllegalStateException("no IPv4 interface " + iface + " after 20 s: " + service.interfaces() + "; bundles: "
                        + Arrays.stream(framework.getBundleContext().getBundles()).map(b -> b.getSymbolicName() + "=" + b.getState()).toList()
                        + "; runtime: " + diagnostics())).index();
        sender = open(index);
        this.index = index;
    }

    private final int index;

    private String diagnostics() {
        ServiceTracker<org.polycast.api.runtime.PolycastRuntime, org.polycast.api.runtime.PolycastRuntime> t =
                new ServiceTracker<>(framework.getBundleContext(), org.polycast.api.runtime.PolycastRuntime.class, null);
        t.open();
        org.polycast.api.runtime.PolycastRuntime r = t.getService();
        if (r == null) {
            return "no runtime service";
        }
        String configs;
        try {
            org.osgi.framework.ServiceReference<?> ref = framework.getBundleContext().getServiceReference("org.osgi.service.cm.ConfigurationAdmin");
            Object ca = framework.getBundleContext().getService(ref);
            Object[] list = (Object[]) ca.getClass().getMethod("listConfigurations", String.class).invoke(ca, (Object) null);
            StringBuilder b = new StringBuilder();
            for (Object c : list == null ? new Object[0] : list) {
                b.append(c.getClass().getMethod("getPid").invoke(c)).append("@")
                        .append(c.getClass().getMethod("getBundleLocation").invoke(c)).append("=")
                        .append(c.getClass().getMethod("getProperties").invoke(c)).append(" ");
            }
            configs = b.toString();
        } catch (ReflectiveOperationException | RuntimeException e) {
            configs = e.toString();
        }
        org.polycast.api.runtime.dto.RuntimeDTO d = r.getRuntimeDTO();
        return "interfaces " + Arrays.stream(d.interfaces).map(i -> i.index + ":" + i.name + ":" + i.state + ":" + i.failure).toList()
                + " failures " + Arrays.stream(d.failures).map(f -> f.operation + ": " + f.message).toList() + " configurations " + configs;
    }

    private MulticastSocket open(int ifIndex) {
        MulticastSocket s = service.createSocket(List.of(ifIndex));
        sockets.add(s);
        return s;
    }

    private String lastGroup;
    private int lastPort;
    private HamUri lastName;

    /** The Group Name, cached as an application would keep it (no string work per message). */
    private HamUri name(String group, int port) {
        if (group.equals(lastGroup) && port == lastPort) {
            return lastName;
        }
        HamUri n = names.computeIfAbsent(group + ":" + port, k -> HamUri.parse("ham:ip:" + k));
        lastGroup = group;
        lastPort = port;
        lastName = n;
        return n;
    }

    @Override
    public void receive(String group, int port, Consumer<byte[]> sink) {
        MulticastSocket s = open(index);
        s.join(name(group, port));
        if (direct) {
            s.setMessageListener((org.polycast.api.DirectMessageListener) m -> sink.accept(m.payload()));
        } else {
            s.setMessageListener(m -> sink.accept(m.payload()));
        }
    }

    @Override
    public void send(String group, int port, byte[] payload) {
        sender.send(name(group, port), payload);
    }

    @Override
    public void close() throws Exception {
        sockets.forEach(MulticastSocket::close);
        framework.stop();
        framework.waitForStop(10_000);
    }
}
