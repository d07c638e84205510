package io.octaneroutes.sim;

import java.time.Duration;
import java.util.function.Function;

import org.apache.camel.util.TimeUtils;

/**
 * The NBN settings of the simulator ({@code octane.simulator.nbn.*} keys). All times are
 * simulated time ({@link SimClock}). Assumption G-TIME: the sources give no NBN timings; the
 * defaults are "realistic-ish" and tests set them short.
 */
public class SimNbnConfig {
    /** G-NBN-ACT: how long an SQ can back an activation order ({@code sq-validity}). */
    public Duration sqValidity = Duration.ofDays(30);
    /** G-NBN-ORD: Pending → Acknowledged ({@code acknowledge-after}, after creation). */
    public Duration acknowledgeAfter = Duration.ofMinutes(5);
    /** G-NBN-ORD: Acknowledged → In Progress ({@code in-progress-after}, after Acknowledged). */
    public Duration inProgressAfter = Duration.ofMinutes(30);
    /** G-APPT: In Progress → Scheduled for appointment orders ({@code schedule-after}, after In Progress). */
    public Duration scheduleAfter = Duration.ofMinutes(30);
    /** G-TIME: a non-appointment activation completes this long after its custReqDate ({@code activation.complete-after}). */
    public Duration activationCompleteAfter = Duration.ofDays(1);
    /** G-TIME: a change order (PlanChange, Suspend, ...) completes this long after its custReqDate ({@code change.complete-after}). */
    public Duration changeCompleteAfter = Duration.ofMinutes(15);
    /** G-TIME: a disconnection completes this long after its custReqDate ({@code disconnect.complete-after}). */
    public Duration disconnectCompleteAfter = Duration.ofHours(1);
    /** G-APPT: the earliest appointment is this many business days after today, Sydney time ({@code appointment.lead-days}). */
    public int appointmentLeadDays = 2;
    /** G-APPT: how many business days of timeslots are offered ({@code appointment.days}). */
    public int appointmentDays = 10;
    /** G-DIAG: an enquiry is In Progress this long after its creation ({@code enquiry.start-after}). */
    public Duration enquiryStartAfter = Duration.ofSeconds(10);
    /** G-DIAG: an enquiry completes after a random time between these two ({@code enquiry.complete-after}, {@code enquiry.complete-after-max}). */
    public Duration enquiryCompleteAfter = Duration.ofMinutes(1);
    public Duration enquiryCompleteAfterMax = Duration.ofMinutes(5);

    static SimNbnConfig fromProperties(Function<String, String> lookup) {
        SimNbnConfig c = new SimNbnConfig();
        String p = "octane.simulator.nbn.";
        c.sqValidity = duration(lookup, p + "sq-validity", c.sqValidity);
        c.acknowledgeAfter = duration(lookup, p + "acknowledge-after", c.acknowledgeAfter);
        c.inProgressAfter = duration(lookup, p + "in-progress-after", c.inProgressAfter);
        c.scheduleAfter = duration(lookup, p + "schedule-after", c.scheduleAfter);
        c.activationCompleteAfter = duration(lookup, p + "activation.complete-after", c.activationCompleteAfter);
        c.changeCompleteAfter = duration(lookup, p + "change.complete-after", c.changeCompleteAfter);
        c.disconnectCompleteAfter = duration(lookup, p + "disconnect.complete-after", c.disconnectCompleteAfter);
        c.appointmentLeadDays = integer(lookup, p + "appointment.lead-days", c.appointmentLeadDays);
        c.appointmentDays = integer(lookup, p + "appointment.days", c.appointmentDays);
        c.enquiryStartAfter = duration(lookup, p + "enquiry.start-after", c.enquiryStartAfter);
        c.enquiryCompleteAfter = duration(lookup, p + "enquiry.complete-after", c.enquiryCompleteAfter);
        c.enquiryCompleteAfterMax = duration(lookup, p + "enquiry.complete-after-max", c.enquiryCompleteAfterMax);
        return c;
    }

    private static Duration duration(Function<String, String> lookup, String key, Duration def) {
        String v = lookup.apply(key);
        return v == null || v.isBlank() ? def : TimeUtils.toDuration(v.trim());
    }

    private static int integer(Function<String, String> lookup, String key, int def) {
        String v = lookup.apply(key);
        return v == null || v.isBlank() ? def : Integer.parseInt(v.trim());
    }
}
