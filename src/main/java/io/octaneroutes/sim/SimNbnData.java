package io.octaneroutes.sim;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The NBN address book, its infrastructure (NTDs and their UNI-D ports) and the NBN plans the
 * simulator knows (G-TESTDATA, G-ADDR, G-PLANS). Mutable: an activation uses a port (or installs
 * an NTD), a disconnection frees it. Not thread-safe on its own: every call happens under the
 * {@link SimState} lock.
 *
 * <p>Seeded locations (one street name each, so any word of it finds one location):
 * <ul>
 * <li>{@code LOC380100000995} 995 UTRILLO Place, BOX HILL NORTH (the doc's sample): FTTP, service class 3, NTD
 *     {@code NTD380100010995} with port 1 Used by another provider (transfer case, SERVICE_TRANSFER_FEE 5.5,
 *     productInstanceId {@code PRI380100110995}) and port 2 Free.</li>
 * <li>{@code LOC380100001001} 1 MONET Court, BOX HILL NORTH: FTTP, service class 1, no NTD yet (appointment).</li>
 * <li>{@code LOC380100002002} 22 DEGAS Street, DONCASTER: HFC, service class 21, no NTD yet (appointment).</li>
 * <li>{@code LOC380100003003} 33 RENOIR Road, BLACKBURN: FTTN, service class 13 (no appointment, no NTD).</li>
 * <li>{@code LOC380100004004} 44 MATISSE Lane, KINGLAKE WEST: FTTP service class 0, not serviceable (SQ Fail).</li>
 * <li>{@code LOC380100005005} 55 CEZANNE Crescent, BOX HILL NORTH: FTTP, service class 3, NTD {@code NTD380100050005}
 *     port 1 Used by the seeded service {@code nbn-tc4} of customer 554433, port 2 Free.</li>
 * </ul>
 */
final class SimNbnData {
    static final String FREE = "Free";
    static final String USED = "Used";
    /** Assumption G-NBN-ACT: the fee a Used port carries in the SQ (the doc's sample). */
    static final double TRANSFER_FEE = 5.5;
    /** Assumption G-TESTDATA: the doc's sample port belongs to service provider 0615; ours use this made-up id. */
    static final String OUR_SERVICE_PROVIDER_ID = "0999";
    /**
     * Assumption G-APPT: the service classes whose activation needs an nbn technician: no NTD (FTTP 1,
     * HFC 21/22) or no copper pair (FTTN 11). Every other class activates without an appointment.
     */
    static final Set<String> NEEDS_APPOINTMENT = Set.of("1", "11", "21", "22");
    /** The technology types the SQ and the plan filter know (nbn's set). */
    static final Map<String, String> TECHNOLOGIES = Map.of("FTTP", "Fibre", "FTTN", "Fibre to the Node", "FTTC", "Fibre to the Curb",
            "FTTB", "Fibre to the Building", "HFC", "Hybrid Fibre Coaxial", "FW", "Fixed Wireless", "SAT", "Satellite");
    private static final Map<String, String> SERVICE_CLASSES = Map.ofEntries(
            Map.entry("0", "Planned to be serviced by Fibre (not yet serviceable)"),
            Map.entry("1", "Serviceable by Fibre, no drop in place, no NTD"),
            Map.entry("2", "Serviceable by Fibre, drop in place, no NTD"),
            Map.entry("3", "Serviceable by Fibre, drop in place, NTD in place"),
            Map.entry("11", "Serviceable by Copper, no copper pair in place"),
            Map.entry("12", "Serviceable by Copper, copper pair in place, not active with nbn"),
            Map.entry("13", "Serviceable by Copper, existing copper pair in place, active with nbn"),
            Map.entry("21", "Serviceable by HFC, no drop in place, no NTD"),
            Map.entry("22", "Serviceable by HFC, drop in place, no NTD"),
            Map.entry("24", "Serviceable by HFC, drop in place, NTD in place"));

    static final class Port {
        final String portId;
        final String portName;
        String status = FREE;
        String productInstanceId;
        String serviceProviderId;

        Port(String portId, String portName) {
            this.portId = portId;
            this.portName = portName;
        }

        boolean used() {
            return USED.equals(status);
        }

        void use(String productInstanceId, String serviceProviderId) {
            this.status = USED;
            this.productInstanceId = productInstanceId;
            this.serviceProviderId = serviceProviderId;
        }

        void free() {
            this.status = FREE;
            this.productInstanceId = null;
            this.serviceProviderId = null;
        }

        /** The SQ's ntdPort item (rest-api.md §7): a Used port carries the transfer fee and the productInstanceId. */
        Map<String, Object> wire() {
            Map<String, Object> p = new LinkedHashMap<>();
            p.put("portId", portId);
            p.put("portName", portName);
            p.put("uniType", "UNI-D");
            p.put("status", status);
            if (used()) {
                p.put("fee", Map.of("type", "SERVICE_TRANSFER_FEE", "chargeAmount", TRANSFER_FEE));
                Map<String, Object> ref = new LinkedHashMap<>();
                ref.put("productInstanceId", productInstanceId);
                ref.put("serviceProviderId", serviceProviderId);
                p.put("referencedData", ref);
            }
            return p;
        }
    }

    static final class Ntd {
        final String id;
        final List<Port> ports = new ArrayList<>();

        Ntd(String id, int ports) {
            this.id = id;
            for (int i = 1; i <= ports; i++) {
                this.ports.add(new Port(String.valueOf(i), "1-UNI-D" + i));
            }
        }

        Port port(String portId) {
            return ports.stream().filter(p -> p.portId.equals(portId)).findFirst().orElse(null);
        }

        Map<String, Object> wire() {
            Map<String, Object> n = new LinkedHashMap<>();
            n.put("id", id);
            n.put("ntdType", "INTERNAL");
            n.put("ntdPowerType", "AC");
            n.put("batteryPowerUnit", "No");
            n.put("ntdLocation", "INDOOR");
            n.put("ntdPort", ports.stream().map(Port::wire).toList());
            return n;
        }
    }

    static final class Location {
        final String id;
        final String streetNumber;
        final String street;
        final String suburb;
        final String state;
        final String postcode;
        final String gpsLatitude;
        final String gpsLongitude;
        final String technologyType;
        final String region;
        final String poiId;
        final String poiName;
        final boolean serviceable;
        String serviceClass;
        final List<Ntd> ntds = new ArrayList<>();

        Location(String id, String streetNumber, String street, String suburb, String postcode, String lat, String lon,
                 String technologyType, String serviceClass, String region, String poiId, String poiName, boolean serviceable) {
            this.id = id;
            this.streetNumber = streetNumber;
            this.street = street;
            this.suburb = suburb;
            this.state = "Victoria";
            this.postcode = postcode;
            this.gpsLatitude = lat;
            this.gpsLongitude = lon;
            this.technologyType = technologyType;
            this.serviceClass = serviceClass;
            this.region = region;
            this.poiId = poiId;
            this.poiName = poiName;
            this.serviceable = serviceable;
        }

        String addressString() {
            return streetNumber + " " + street + ", " + suburb + ", " + state + ", " + postcode;
        }

        Ntd ntd(String id) {
            return ntds.stream().filter(n -> n.id.equals(id)).findFirst().orElse(null);
        }

        boolean needsAppointment() {
            return NEEDS_APPOINTMENT.contains(serviceClass);
        }

        /** G-ADDR: one address search result. */
        Map<String, Object> address() {
            Map<String, Object> a = new LinkedHashMap<>();
            a.put("locationId", id);
            a.put("addressString", addressString());
            a.put("streetNumber", streetNumber);
            a.put("street", street);
            a.put("suburb", suburb);
            a.put("state", state);
            a.put("postcode", postcode);
            return a;
        }

        /** The SQ's location object, in the doc's order (rest-api.md §7). */
        Map<String, Object> wire() {
            Map<String, Object> l = new LinkedHashMap<>();
            l.put("id", id);
            l.put("addressString", addressString());
            l.put("streetNumber", streetNumber);
            l.put("street", street);
            l.put("suburb", suburb);
            l.put("state", state);
            l.put("postcode", postcode);
            l.put("gpsLatitude", gpsLatitude);
            l.put("gpsLongitude", gpsLongitude);
            l.put("technologyType", technologyType);
            l.put("technologyTypeDescription", TECHNOLOGIES.get(technologyType));
            l.put("serviceClass", serviceClass);
            l.put("serviceClassDescription", SERVICE_CLASSES.getOrDefault(serviceClass, "Service class " + serviceClass));
            l.put("region", region);
            Map<String, Object> poi = new LinkedHashMap<>();
            poi.put("type", "POI");
            poi.put("id", poiId);
            poi.put("name", poiName);
            l.put("locationIdentifiers", poi);
            return l;
        }
    }

    /** G-PLANS: an NBN plan; {@code technologies} empty = every technology. */
    record Plan(int planNo, String planName, String speed, double price, Set<String> technologies) {
        boolean supports(String technologyType) {
            return technologies.isEmpty() || technologies.contains(technologyType);
        }

        Map<String, Object> wire() {
            Map<String, Object> p = new LinkedHashMap<>();
            p.put("planNo", planNo);
            p.put("planName", planName);
            p.put("speed", speed);
            p.put("price", price);
            return p;
        }
    }

    /** The location and port of the seeded service nbn-tc4 (G-TESTDATA). */
    static final String SEEDED_SERVICE_LOCATION = "LOC380100005005";
    static final String SEEDED_SERVICE_PRI = "PRI380100150005";

    final Map<String, Location> locations = new LinkedHashMap<>();
    final Map<Integer, Plan> plans = new LinkedHashMap<>();
    private long nextNtd = 380100090001L;

    SimNbnData() {
        Location utrillo = add(new Location("LOC380100000995", "995", "UTRILLO Place", "BOX HILL NORTH", "3129", "-33.38010995", "151.38010995",
                "FTTP", "3", "Urban", "3ABC", "Fake POI", true));
        Ntd ntd = new Ntd("NTD380100010995", 2);
        ntd.port("1").use("PRI380100110995", "0615"); // the doc's sample: another provider's active service
        utrillo.ntds.add(ntd);
        add(new Location("LOC380100001001", "1", "MONET Court", "BOX HILL NORTH", "3129", "-37.80101001", "145.12601001",
                "FTTP", "1", "Urban", "3ABC", "Fake POI", true));
        add(new Location("LOC380100002002", "22", "DEGAS Street", "DONCASTER", "3108", "-37.78802002", "145.12402002",
                "HFC", "21", "Urban", "3DON", "Fake POI Doncaster", true));
        add(new Location("LOC380100003003", "33", "RENOIR Road", "BLACKBURN", "3130", "-37.81903003", "145.15003003",
                "FTTN", "13", "Urban", "3BLA", "Fake POI Blackburn", true));
        add(new Location("LOC380100004004", "44", "MATISSE Lane", "KINGLAKE WEST", "3757", "-37.47904004", "145.24504004",
                "FTTP", "0", "Rural", "3KLW", "Fake POI Kinglake", false));
        Location cezanne = add(new Location("LOC380100005005", "55", "CEZANNE Crescent", "BOX HILL NORTH", "3129", "-37.80205005", "145.12805005",
                "FTTP", "3", "Urban", "3ABC", "Fake POI", true));
        Ntd ours = new Ntd("NTD380100050005", 2);
        ours.port("1").use(SEEDED_SERVICE_PRI, OUR_SERVICE_PROVIDER_ID);
        cezanne.ntds.add(ours);

        // G-PLANS: made-up NBN plans; 30004 (gigabit) only on FTTP and HFC, the rest on every technology
        addPlan(new Plan(30001, "NBN 50/20", "50/20", 79.0, Set.of()));
        addPlan(new Plan(30002, "NBN 100/40", "100/40", 99.0, Set.of()));
        addPlan(new Plan(30003, "NBN 25/10", "25/10", 69.0, Set.of()));
        addPlan(new Plan(30004, "NBN 1000/50", "1000/50", 129.0, Set.of("FTTP", "HFC")));
    }

    private Location add(Location l) {
        locations.put(l.id, l);
        return l;
    }

    private void addPlan(Plan p) {
        plans.put(p.planNo(), p);
    }

    /** G-ADDR: case-insensitive substring match on the address string. */
    List<Location> search(String query) {
        String q = query.trim().toLowerCase(java.util.Locale.ROOT);
        return locations.values().stream().filter(l -> l.addressString().toLowerCase(java.util.Locale.ROOT).contains(q)).toList();
    }

    /**
     * Assumption G-NBN-ACT: the technician of a completed activation at a location without an NTD
     * installs a one-port NTD; the location's service class becomes "NTD in place" (FTTP 3, HFC 24).
     */
    Ntd installNtd(Location l) {
        Ntd n = new Ntd("NTD" + nextNtd++, 1);
        l.ntds.add(n);
        if ("FTTP".equals(l.technologyType)) {
            l.serviceClass = "3";
        } else if ("HFC".equals(l.technologyType)) {
            l.serviceClass = "24";
        }
        return n;
    }
}
