package io.octaneroutes.flow;

import java.util.List;
import java.util.Map;

import org.apache.camel.Body;

import io.octaneroutes.gateway.OctaneBusinessException;

/** Rules of the mobile flow pages that the client must check itself. */
public class MobileRules {

    /**
     * R2: a SIM may only be used if Query Resource shows internal status AVAILABLE and provider
     * status 'r'. Response element names per G-SIM.
     */
    public void requireOrderableSim(@Body Map<String, Object> queryResources) {
        Object list = queryResources.get("pooledResources");
        if (!(list instanceof List<?> l) || l.isEmpty() || !(l.get(0) instanceof Map<?, ?> sim)) {
            throw new OctaneBusinessException("queryResources", "R2", "Query Resource returned no SIM to validate");
        }
        String internal = String.valueOf(sim.get("internalStatus"));
        String provider = String.valueOf(sim.get("providerStatus"));
        if (!"AVAILABLE".equals(internal) || !"r".equals(provider)) {
            throw new OctaneBusinessException("queryResources", "R2", "SIM " + sim.get("resourceValue") + " has internal status "
                    + internal + " and provider status '" + provider + "'; rule R2 needs AVAILABLE and 'r'");
        }
    }
}
