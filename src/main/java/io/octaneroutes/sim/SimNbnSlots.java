package io.octaneroutes.sim;

import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * nbn appointment timeslots (assumption G-APPT): every business day (Monday to Friday, Sydney
 * dates, no public holidays) has an AM slot 08:00-12:00 and a PM slot 12:00-17:00, with room for
 * everyone, so "the earliest available slot" is the first slot {@code leadDays} business days
 * after today. A slotId names its day and half: {@code SLOT-20240522-AM}.
 */
final class SimNbnSlots {
    static final LocalTime AM_START = LocalTime.of(8, 0);
    static final LocalTime PM_START = LocalTime.of(12, 0);
    static final LocalTime PM_END = LocalTime.of(17, 0);
    private static final DateTimeFormatter ID_DATE = DateTimeFormatter.BASIC_ISO_DATE;

    record Slot(String slotId, LocalDate date, String slotType, LocalTime startTime, LocalTime endTime) {
        Instant start() {
            return date.atTime(startTime).atZone(SimServices.SYDNEY).toInstant();
        }

        /** Assumption G-APPT: an appointment order completes when its slot ends (the technician is done). */
        Instant end() {
            return date.atTime(endTime).atZone(SimServices.SYDNEY).toInstant();
        }

        Map<String, Object> wire() {
            Map<String, Object> s = new LinkedHashMap<>();
            s.put("slotId", slotId);
            s.put("date", date.toString());
            s.put("slotType", slotType);
            s.put("startTime", startTime.toString());
            s.put("endTime", endTime.toString());
            return s;
        }
    }

    private SimNbnSlots() {
    }

    static Slot slot(LocalDate date, String slotType) {
        boolean am = "AM".equals(slotType);
        return new Slot("SLOT-" + date.format(ID_DATE) + "-" + slotType, date, slotType, am ? AM_START : PM_START, am ? PM_START : PM_END);
    }

    /** The slots offered now: {@code days} business days from the earliest, AM then PM, none that has started. */
    static List<Slot> available(Instant now, int leadDays, int days) {
        LocalDate day = now.atZone(SimServices.SYDNEY).toLocalDate();
        for (int i = 0; i < leadDays; i++) {
            day = nextBusinessDay(day);
        }
        if (!businessDay(day)) {
            day = nextBusinessDay(day);
        }
        List<Slot> slots = new ArrayList<>();
        for (int i = 0; i < Math.max(1, days); i++, day = nextBusinessDay(day)) {
            for (String type : List.of("AM", "PM")) {
                Slot s = slot(day, type);
                if (s.start().isAfter(now)) {
                    slots.add(s);
                }
            }
        }
        return slots;
    }

    /** The earliest available slot (G-APPT: appointment orders are booked into it, whatever custReqDate says). */
    static Slot earliest(Instant now, int leadDays, int days) {
        List<Slot> slots = available(now, leadDays, days);
        return slots.isEmpty() ? available(now, leadDays + 1, days).get(0) : slots.get(0);
    }

    private static LocalDate nextBusinessDay(LocalDate d) {
        LocalDate next = d.plusDays(1);
        while (!businessDay(next)) {
            next = next.plusDays(1);
        }
        return next;
    }

    private static boolean businessDay(LocalDate d) {
        return d.getDayOfWeek() != DayOfWeek.SATURDAY && d.getDayOfWeek() != DayOfWeek.SUNDAY;
    }
}
