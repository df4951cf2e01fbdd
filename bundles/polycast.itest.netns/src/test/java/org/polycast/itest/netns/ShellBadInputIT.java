package org.polycast.itest.netns;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

/**
 * The shell under bad input, as a new user types it: every malformed command gets a message naming what is wrong, a
 * long input is not echoed whole, and the runtime keeps serving; under {@code -c} a failed command exits 1.
 */
class ShellBadInputIT extends NamespaceTestSupport {
    private static final Duration STEP = Duration.ofSeconds(60);

    /** Command, and a fragment its answer must contain. */
    private record Case(String command, String answer) {
    }

    private static final List<Case> CASES = List.of(
            new Case("ham:join", "usage: ham:join URI"),
            new Case("ham:join 'ham:'", "missing ':' after namespace"),
            new Case("ham:join 'ham:opaque:'", "empty group"),
            new Case("ham:join 'ham:ip:300.1.1.1:5000'", "IPv4 address part 300 is out of range"),
            new Case("ham:join 'ham:ip:239.1.1.1:99999'", "port 99999 is out of range 1..65535"),
            new Case("ham:join 'ham:ip:239.1.1.1:5000' extra", "usage: ham:join URI"),
            new Case("ham:join 'http://example.org/'", "scheme must be 'ham', found 'http'"),
            new Case("ham:join 'ham:ip:1.2.3.4.5:1'", "must have four parts"),
            new Case("ham:leave", "usage: ham:leave URI"),
            new Case("ham:send", "usage: ham:send URI TEXT"),
            new Case("ham:send 'ham:opaque:x'", "usage: ham:send URI TEXT"),
            new Case("ham:send 'ham:opaque:x' hi --count 0", "--count must be 1 to 1000000, was 0"),
            new Case("ham:send 'ham:opaque:x' hi --count many", "--count must be a whole number, was 'many'"),
            new Case("ham:send 'ham:opaque:x' hi --interval -5", "--interval must be 0 to 3600000, was -5"),
            new Case("ham:send 'ham:opaque:x' hi --ttl 256", "--ttl must be 0 to 255, was 256"),
            new Case("ham:send 'ham:opaque:x' hi --bogus 1", "unknown option --bogus"),
            new Case("ham:send 'ham:opaque:x' hi --count", "option --count needs a value"),
            new Case("ham:listen 'ham:opaque:x' 0", "COUNT must be 1 to 10000000, was 0"),
            new Case("ham:listen 'ham:opaque:x' 1 -1", "TIMEOUT_MS must be 0 to 86400000, was -1"),
            new Case("ham:listen 'ham:opaque:x' lots", "COUNT must be a whole number, was 'lots'"),
            new Case("ham:groups eth9", "no Interface 'eth9'; the Interfaces are"),
            new Case("ham:groups 99", "no interface with index 99"),
            new Case("ham:groups 0", "IF must be 1 to"),
            new Case("ham:neighbors -3", "IF must be 1 to"),
            new Case("ham:children", "usage: ham:children URI [IF]"),
            new Case("ham:parents 'ham:opaque:x' eth9", "no Interface 'eth9'"),
            new Case("ham:designated", "usage: ham:designated URI [IF]"),
            new Case("ham:map", "usage: ham:map URI"),
            new Case("ham:stats --rate 0", "--rate must be 100 to 60000, was 0"),
            new Case("ham:stats --rate abc", "--rate must be a whole number, was 'abc'"),
            new Case("ham:srcregister 'ham:opaque:x' 1 2", "usage: ham:srcregister URI"),
            new Case("ham:sleep forever", "MS must be a whole number, was 'forever'"),
            new Case("ham:sockets extra", "usage: ham:sockets"),
            new Case("ham:events --bogus", "unknown option --bogus"),
            new Case("ham:tree", "usage: ham:tree URI"),
            new Case("ham:alm --bogus", "ham:alm takes no arguments, was '--bogus'"),
            new Case("ham:overlay start 127.0.0.1:99999", "the port 99999 is out of range (1 to 65535)"),
            new Case("ham:overlay start 127.0.0.1:port", "the port 'port' is not a number"),
            new Case("ham:overlay start no.such.host.invalid:6084", "bootstrap host 'no.such.host.invalid' cannot be resolved"));

    @Test
    void malformedCommandsEachGetAPreciseMessageAndTheRuntimeKeepsServing() throws Exception {
        bed = NetnsTestBed.create(1, 40);
        HostProcess shell = keep(HostProcess.console(bed, 1, temp.resolve("home"), Map.of()));
        shell.ask("ham:sleep 500; echo ready", "ready", STEP);
        List<String> wrong = new ArrayList<>();
        for (Case c : CASES) {
            int from = shell.lines().size();
            shell.send(c.command());
            shell.send("echo done-" + from);
            shell.awaitLine(from, l -> l.contains("done-" + from), STEP, "the answer to " + c.command().substring(0, Math.min(60, c.command().length())));
            List<String> answer = shell.lines().subList(from, shell.lines().size());
            if (answer.stream().noneMatch(l -> l.contains(c.answer()))) {
                wrong.add(c.command().substring(0, Math.min(80, c.command().length())) + " -> " + answer);
            }
        }
        assertEquals(List.of(), wrong, "every malformed command is answered with what is wrong");

        // Every ham: command that help lists answers --help with its usage and an example (not a coercion error).
        int listed = shell.lines().size();
        shell.send("help");
        shell.send("echo help-listed");
        shell.awaitLine(listed, l -> l.endsWith("help-listed"), STEP, "the command list");
        List<String> commands = shell.lines().subList(listed, shell.lines().size()).stream()
                .flatMap(l -> java.util.regex.Pattern.compile("ham:[a-z]+").matcher(l).results().map(java.util.regex.MatchResult::group)).distinct().sorted()
                .toList();
        assertTrue(commands.size() >= 20, () -> "help lists the ham: commands: " + commands);
        List<String> withoutExample = new ArrayList<>();
        for (String command : commands) {
            int from = shell.lines().size();
            shell.send(command + " --help");
            shell.send("echo helped-" + from);
            shell.awaitLine(from, l -> l.endsWith("helped-" + from), STEP, command + " --help");
            List<String> answer = shell.lines().subList(from, shell.lines().size());
            if (answer.stream().noneMatch(l -> l.contains("Example")) || answer.stream().anyMatch(l -> l.contains("Cannot coerce"))) {
                withoutExample.add(command + " -> " + answer);
            }
        }
        assertEquals(List.of(), withoutExample, "every command's --help shows an example");
        shell.ask("ham:join ham:opaque:ok; ham:send ham:opaque:ok still-serving; ham:listen ham:opaque:ok 1 5000", "ham:opaque:ok still-serving", STEP);

        // Long-running commands report progress every 5 s (a send of 6 s, a listen that waits 6 s in vain).
        int sending = shell.lines().size();
        shell.ask("ham:send ham:opaque:long p --count 60 --interval 100", "sent 60 messages", STEP);
        List<String> sendLines = shell.lines().subList(sending, shell.lines().size());
        assertTrue(sendLines.stream().anyMatch(l -> l.matches(".*ham:send progress: \\d+ of 60 messages in \\d+\\.\\d s, \\d+ msg/s")), sendLines::toString);
        int listening = shell.lines().size();
        shell.send("ham:listen ham:opaque:quiet 5 6000");
        shell.send("echo listened-" + listening);
        shell.awaitLine(listening, l -> l.endsWith("listened-" + listening), STEP, "the listen that times out");
        List<String> listenLines = shell.lines().subList(listening, shell.lines().size());
        assertTrue(listenLines.stream().anyMatch(l -> l.contains("ham:listen progress: 0 of 5 messages in ")), listenLines::toString);
        assertTrue(listenLines.stream().anyMatch(l -> l.contains("received 0 of 5 messages on ham:opaque:quiet within 6000 ms")), listenLines::toString);

        // Ctrl-C (SIGINT) stops the command that runs, which says how far it got, and the shell goes on.
        int interrupting = shell.lines().size();
        shell.send("ham:send ham:opaque:long p --count 100000 --interval 10");
        shell.awaitLine(interrupting, l -> l.contains("ham:send progress: "), STEP, "a long send under way");
        new ProcessBuilder("kill", "-INT", Long.toString(shell.javaPid())).inheritIO().start().waitFor();
        shell.awaitLine(interrupting, l -> l.matches(".*ham:send interrupted after \\d+ of 100000 messages"), STEP, "the interrupted send");
        shell.ask("echo still-here", "still-here", STEP);

        // Under -c a command that failed makes the run exit 1, with the message and, for Gogo's own syntax, a hint to quote.
        HostProcess unquoted = keep(HostProcess.polycast(bed, 1, temp.resolve("home2"), "ham:join ham:ip:[ff15::1]:5000"));
        assertEquals(1, unquoted.exitCode(STEP));
        assertTrue(unquoted.lines().stream().anyMatch(l -> l.contains("quote the name")), () -> unquoted.lines().toString());
        HostProcess percent = keep(HostProcess.polycast(bed, 1, temp.resolve("home3"), "ham:join ham:opaque:%zz"));
        assertEquals(1, percent.exitCode(STEP));
        assertTrue(percent.lines().stream().anyMatch(l -> l.contains("bad expression") && l.contains("quote the name")), () -> percent.lines().toString());
        // --json: one JSON value a script can parse (here parsed by Python's json module).
        HostProcess listing = keep(HostProcess.polycast(bed, 1, temp.resolve("home5"), "ham:join ham:opaque:scripted; ham:sockets --json"));
        assertEquals(0, listing.exitCode(STEP));
        String json = listing.lines().get(listing.lines().size() - 1);
        assertEquals("ham:opaque:scripted polycast.shell", bed.output(1, "python3", "-c",
                "import json, sys; d = json.loads(sys.argv[1]); print(d[0]['joined'][0], d[0]['owner'])", json).trim(), json);
        HostProcess stats = keep(HostProcess.polycast(bed, 1, temp.resolve("home6"), "ham:stats --json"));
        assertEquals(0, stats.exitCode(STEP));
        assertEquals("True", bed.output(1, "python3", "-c", "import json, sys; d = json.loads(sys.argv[1]); "
                + "print(all(k in d for k in ('counters', 'interfaces', 'sockets', 'failures')))", stats.lines().get(stats.lines().size() - 1)).trim());

        // A 10,000-character name is not echoed whole (the interactive console prints Gogo's own message, uncut).
        HostProcess huge = keep(HostProcess.polycast(bed, 1, temp.resolve("home4"), "ham:join 'ham:ip:" + "9".repeat(10_000) + ":1'"));
        assertEquals(1, huge.exitCode(STEP));
        assertTrue(huge.lines().stream().anyMatch(l -> l.startsWith("polycast:") && l.length() < 1_000 && l.contains("characters)")), () -> huge.lines().toString());
    }
}
