package org.polycast.naming.sip.internal;

import org.osgi.service.component.annotations.Component;
import org.polycast.api.HamUri;
import org.polycast.api.spi.NamespaceHandler;

/** Offers the SIP naming rules to the core; while this component is absent the core refuses {@code ham:sip:} names. */
@Component(property = NamespaceHandler.NAMESPACE + "=sip")
public final class SipNamespace implements NamespaceHandler {
    @Override
    public HamUri canonicalize(HamUri groupName) {
        return SipNames.canonicalize(groupName);
    }
}
