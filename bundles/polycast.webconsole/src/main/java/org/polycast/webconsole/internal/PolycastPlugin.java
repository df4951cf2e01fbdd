package org.polycast.webconsole.internal;

import java.io.IOException;
import java.io.InputStream;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentSkipListMap;

import org.apache.felix.webconsole.servlet.AbstractServlet;
import org.apache.felix.webconsole.servlet.ServletConstants;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.polycast.api.runtime.PolycastRuntime;
import org.polycast.common.internal.JsonWriter;
import org.polycast.api.runtime.StatusProvider;

import jakarta.servlet.Servlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/**
 * The "Polycast" page of the Felix Web Console: the page itself (rendered inside the console's frame), and
 * {@code data.json}, the runtime's state the page fetches every second: Interfaces with their groups and counters,
 * sockets, totals, recent failures, and every {@link StatusProvider} section.
 */
@Component(service = Servlet.class, property = {ServletConstants.PLUGIN_LABEL + "=" + PolycastPlugin.LABEL,
    ServletConstants.PLUGIN_TITLE + "=Polycast", ServletConstants.PLUGIN_CATEGORY + "=Polycast"})
public class PolycastPlugin extends AbstractServlet {
    static final String LABEL = "polycast";
    private static final long serialVersionUID = 1L;

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    private transient volatile PolycastRuntime runtime;
    private final transient Map<String, StatusProvider> sections = new ConcurrentSkipListMap<>();

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC)
    void addSection(StatusProvider provider, Map<String, Object> properties) {
        sections.put(title(provider, properties), provider);
    }

    void removeSection(StatusProvider provider, Map<String, Object> properties) {
        sections.remove(title(provider, properties), provider);
    }

    private static String title(StatusProvider provider, Map<String, Object> properties) {
        Object t = properties.get(StatusProvider.SECTION);
        return t instanceof String s && !s.isBlank() ? s : provider.getClass().getSimpleName();
    }

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws jakarta.servlet.ServletException, IOException {
        String info = request.getPathInfo();
        if (info != null && info.endsWith("/" + LABEL + "/data.json")) {
            setNoCache(response);
            response.setContentType("application/json");
            response.setCharacterEncoding("UTF-8");
            response.getWriter().write(JsonWriter.write(snapshot()));
            return;
        }
        super.doGet(request, response);
    }

    @Override
    public void renderContent(HttpServletRequest request, HttpServletResponse response) throws IOException {
        try (InputStream in = PolycastPlugin.class.getResourceAsStream("/res/polycast.html")) {
            response.getWriter().write(new String(in.readAllBytes(), StandardCharsets.UTF_8));
        }
    }

    /** Serves /polycast/res/* from the bundle. */
    @Override
    protected URL getResource(String path) {
        String prefix = "/" + LABEL + "/res/";
        return path.startsWith(prefix) ? PolycastPlugin.class.getResource("/res/" + path.substring(prefix.length())) : null;
    }

    /** What data.json holds. */
    Map<String, Object> snapshot() {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("time", System.currentTimeMillis());
        PolycastRuntime r = runtime;
        out.put("runtime", r == null ? null : r.getRuntimeDTO());
        List<Map<String, Object>> list = new ArrayList<>();
        sections.forEach((title, provider) -> {
            Map<String, Object> s = new LinkedHashMap<>();
            s.put("title", title);
            try {
                s.put("status", provider.status());
            } catch (RuntimeException e) {
                s.put("status", Map.of("error", String.valueOf(e)));
            }
            list.add(s);
        });
        out.put("sections", list);
        return out;
    }
}
