package org.polycast.core.internal;

import java.util.List;
import java.util.Map;

import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceFactory;
import org.osgi.framework.ServiceReference;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.osgi.service.log.Logger;
import org.osgi.service.log.LoggerFactory;
import org.osgi.service.metatype.annotations.Designate;
import org.polycast.api.MulticastService;
import org.polycast.api.runtime.PolycastRuntime;
import org.polycast.api.spi.NameMapper;
import org.polycast.api.spi.NamespaceHandler;
import org.polycast.api.spi.TechnologyInterface;

/**
 * Binds the middleware to the OSGi service registry: tracks technology Interfaces and mapping
 * services as they come and go, and registers the middleware as {@link MulticastService} and
 * {@link PolycastRuntime}.
 */
@Component(configurationPid = PolycastCore.PID, configurationPolicy = ConfigurationPolicy.OPTIONAL, immediate = true, service = {})
@Designate(ocd = CoreConfig.class)
public class PolycastCore {
    static final String PID = "org.polycast.core";

    /** Dynamic: a Log Service coming or going must never restart the core, which would close every socket. */
    @Reference(service = LoggerFactory.class, cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    private volatile Logger logger;

    private final CoreLog log = new CoreLog() {
        @Override
        public void info(String message) {
            Logger l = logger;
            if (l != null) {
                l.info(message);
            }
        }

        @Override
        public void warn(String message) {
            Logger l = logger;
            if (l != null) {
                l.warn(message);
            } else {
                System.err.println("polycast: " + message);
            }
        }

        @Override
        public void error(String message, Throwable cause) {
            Logger l = logger;
            if (l != null) {
                l.error(message, cause);
            } else {
                System.err.println("polycast: " + message + ": " + cause);
            }
        }
    };

    /** Created before activation, because DS may bind dynamic references before {@code @Activate}. */
    private final Middleware middleware = new Middleware(Settings.defaults(), log);
    private ServiceRegistration<?> registration;
    private ServiceRegistration<?> runtimeRegistration;

    @Activate
    void activate(BundleContext context, CoreConfig config) {
        middleware.updateSettings(Settings.from(config));
        middleware.configureNamespaces(List.of(config.requiredNamespaceHandlers()));
        // Bundle-scoped: each client bundle gets its own view, and what it opened is closed when it lets go (stops).
        registration = context.registerService(MulticastService.class.getName(), new ServiceFactory<MulticastService>() {
            @Override
            public MulticastService getService(Bundle bundle, ServiceRegistration<MulticastService> reg) {
                return new ClientView(middleware, bundle.getSymbolicName());
            }

            @Override
            public void ungetService(Bundle bundle, ServiceRegistration<MulticastService> reg, MulticastService view) {
                ((ClientView) view).release();
            }
        }, null);
        runtimeRegistration = context.registerService(PolycastRuntime.class, middleware, null);
    }

    @Modified
    void modified(CoreConfig config) {
        middleware.updateSettings(Settings.from(config));
        middleware.configureNamespaces(List.of(config.requiredNamespaceHandlers()));
    }

    @Deactivate
    void deactivate() {
        if (registration != null) {
            registration.unregister();
        }
        if (runtimeRegistration != null) {
            runtimeRegistration.unregister();
        }
        middleware.close();
    }

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC, policyOption = ReferencePolicyOption.GREEDY)
    void addTechnologyInterface(ServiceReference<TechnologyInterface> ref, TechnologyInterface tech, Map<String, Object> properties) {
        middleware.addInterface(tech, properties, ref.getBundle() != null ? ref.getBundle().getSymbolicName() : "?");
    }

    void removeTechnologyInterface(TechnologyInterface tech) {
        middleware.removeInterface(tech);
    }

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC, policyOption = ReferencePolicyOption.GREEDY,
            updated = "updatedNameMapper")
    void addNameMapper(NameMapper mapper, Map<String, Object> properties) {
        middleware.addMapper(mapper, properties);
    }

    void updatedNameMapper(NameMapper mapper) {
        middleware.resolver().changed();
    }

    void removeNameMapper(NameMapper mapper) {
        middleware.removeMapper(mapper);
    }

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC, policyOption = ReferencePolicyOption.GREEDY)
    void addNamespaceHandler(NamespaceHandler handler, Map<String, Object> properties) {
        middleware.addNamespaceHandler(handler, properties);
    }

    void removeNamespaceHandler(NamespaceHandler handler) {
        middleware.removeNamespaceHandler(handler);
    }
}
