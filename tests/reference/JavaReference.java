// SPDX-License-Identifier: MIT
// Runs a poolscope scenario ("model": "java") through the real java.util.concurrent classes.
//
// Usage: java JavaReference.java SCENARIO.json --report OUT.json [--time-scale X]
//        (or javac it and run the class: one self-contained file, no dependencies)
//
// The program is what a Java programmer would write:
//
//     ThreadPoolExecutor executor = new ThreadPoolExecutor(workers, max_workers, 60 s, queue, handler);
//     futures.add(executor.submit(body))     // at each group's submit_at_ms (RejectedExecutionException: none)
//     ... the actions, each at its at_ms: future.cancel(interrupt), event.set(), event.clear(),
//         executor.shutdown(), executor.shutdownNow(), executor.awaitTermination(timeout) ...
//     executor.shutdown(); executor.awaitTermination(forever);    // Java 19's close()
//
// with queue = LinkedBlockingQueue ("unbounded"), ArrayBlockingQueue(n) or SynchronousQueue (0), handler
// one of the four standard policies, and each task's body exactly:
//
//     for i in 0 .. steps-1:
//         if i == fail_at_step: throw new RuntimeException()
//         try { Thread.sleep(step) | if (event.await(step)) return "stopped" | spin for step }
//         catch (InterruptedException e) { return: interrupt(); return "interrupted" | swallow: continue }
//         steps_done += 1
//         if checks_stop && event.isSet(): return "stopped"
//         if checks_interrupt && Thread.currentThread().isInterrupted(): return "interrupted"
//     return "completed"
//
// Time is measured from the scenario's start: the main thread parks until each item's due time, submits
// before actions due at the same time, equal times in list order. It prints "started" (flushed) when the
// scenario's clock starts. The report has poolscope's shape ("poolscope-report/1" with the Java keys);
// tst_reference_java compares the two. Exit status 0, or 2 for bad input (one line on stderr).
//
// What a policy drops is seen by wrapping the real policy: the wrapper notes the task, the real policy
// decides. Which submitted future is which task is noted in newTaskFor(), which submit() calls.

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.RejectedExecutionHandler;
import java.util.concurrent.RunnableFuture;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.LockSupport;
import java.util.concurrent.locks.ReentrantLock;

public final class JavaReference {

    static final class BadInput extends Exception {
        BadInput(String message) { super(message); }
    }

    // ---------------------------------------------------------------------------------------------
    // A small JSON reader (Java has none in its standard library): objects keep their key order.

    static final class JsonReader {
        private final String s;
        private int i;

        JsonReader(String text) { s = text; }

        Object document() throws BadInput {
            Object v = value();
            space();
            if (i != s.length()) throw error("trailing characters");
            return v;
        }

        private BadInput error(String what) { return new BadInput("invalid JSON at offset " + i + ": " + what); }

        private void space() {
            while (i < s.length() && Character.isWhitespace(s.charAt(i))) i++;
        }

        private Object value() throws BadInput {
            space();
            if (i >= s.length()) throw error("unexpected end");
            char c = s.charAt(i);
            switch (c) {
            case '{': return object();
            case '[': return array();
            case '"': return string();
            case 't': return literal("true", Boolean.TRUE);
            case 'f': return literal("false", Boolean.FALSE);
            case 'n': return literal("null", null);
            default:
                if (c == '-' || (c >= '0' && c <= '9')) return number();
                throw error("unexpected '" + c + "'");
            }
        }

        private Object literal(String word, Object v) throws BadInput {
            if (!s.startsWith(word, i)) throw error("expected " + word);
            i += word.length();
            return v;
        }

        private Map<String, Object> object() throws BadInput {
            Map<String, Object> m = new LinkedHashMap<>();
            i++;
            space();
            if (i < s.length() && s.charAt(i) == '}') { i++; return m; }
            for (;;) {
                space();
                if (i >= s.length() || s.charAt(i) != '"') throw error("expected a key");
                String key = string();
                space();
                if (i >= s.length() || s.charAt(i) != ':') throw error("expected ':'");
                i++;
                m.put(key, value());
                space();
                if (i < s.length() && s.charAt(i) == ',') { i++; continue; }
                if (i < s.length() && s.charAt(i) == '}') { i++; return m; }
                throw error("expected ',' or '}'");
            }
        }

        private List<Object> array() throws BadInput {
            List<Object> a = new ArrayList<>();
            i++;
            space();
            if (i < s.length() && s.charAt(i) == ']') { i++; return a; }
            for (;;) {
                a.add(value());
                space();
                if (i < s.length() && s.charAt(i) == ',') { i++; continue; }
                if (i < s.length() && s.charAt(i) == ']') { i++; return a; }
                throw error("expected ',' or ']'");
            }
        }

        private String string() throws BadInput {
            StringBuilder b = new StringBuilder();
            i++;
            while (i < s.length()) {
                char c = s.charAt(i++);
                if (c == '"') return b.toString();
                if (c != '\\') { b.append(c); continue; }
                if (i >= s.length()) break;
                char e = s.charAt(i++);
                switch (e) {
                case '"': case '\\': case '/': b.append(e); break;
                case 'b': b.append('\b'); break;
                case 'f': b.append('\f'); break;
                case 'n': b.append('\n'); break;
                case 'r': b.append('\r'); break;
                case 't': b.append('\t'); break;
                case 'u':
                    if (i + 4 > s.length()) throw error("short \\u escape");
                    b.append((char) Integer.parseInt(s.substring(i, i + 4), 16));
                    i += 4;
                    break;
                default: throw error("bad escape");
                }
            }
            throw error("unterminated string");
        }

        private Double number() throws BadInput {
            int start = i;
            while (i < s.length() && "+-0123456789.eE".indexOf(s.charAt(i)) >= 0) i++;
            try {
                return Double.valueOf(s.substring(start, i));
            } catch (NumberFormatException e) {
                throw error("bad number");
            }
        }
    }

    static String quoted(String text) {
        StringBuilder b = new StringBuilder("\"");
        for (char c : text.toCharArray()) {
            if (c == '"' || c == '\\') b.append('\\').append(c);
            else if (c < 0x20) b.append(String.format("\\u%04x", (int) c));
            else b.append(c);
        }
        return b.append('"').toString();
    }

    // ---------------------------------------------------------------------------------------------
    // Reading the scenario (poolscope checks it in full; this reads what it needs, with one-line errors).

    static final class Group {
        String id;
        int count, steps, stepMs, failAtStep = -1, submitAtMs, order;
        boolean checksStop, checksInterrupt, swallows;
        String waitMode;
    }

    static final class Action {
        int atMs, order;
        String verb;
        List<Integer> targets = new ArrayList<>(); // cancel: task indices
        boolean interrupt;
        long timeoutMs;
    }

    static final class Scenario {
        String name;
        int workers, maxWorkers, queue; // queue -1: unbounded
        String rejection;
        List<String> ids = new ArrayList<>(); // instance ids, in submission order
        List<Group> groupOf = new ArrayList<>(); // by instance
        List<Action> actions = new ArrayList<>();
    }

    static Object field(Map<String, Object> obj, String key, String where, Object fallback, boolean required)
            throws BadInput {
        if (!obj.containsKey(key)) {
            if (required) throw new BadInput(where + "." + key + ": missing");
            return fallback;
        }
        return obj.get(key);
    }

    static int integer(Map<String, Object> obj, String key, String where, Integer fallback, int minimum)
            throws BadInput {
        Object v = field(obj, key, where, fallback == null ? null : (double) fallback, fallback == null);
        if (!(v instanceof Double) || ((Double) v) != Math.floor((Double) v) || (Double) v < minimum)
            throw new BadInput(where + "." + key + ": must be a whole number >= " + minimum);
        return ((Double) v).intValue();
    }

    static boolean bool(Map<String, Object> obj, String key, String where, boolean fallback) throws BadInput {
        Object v = field(obj, key, where, fallback, false);
        if (!(v instanceof Boolean)) throw new BadInput(where + "." + key + ": must be true or false");
        return (Boolean) v;
    }

    static String string(Map<String, Object> obj, String key, String where, String fallback) throws BadInput {
        Object v = field(obj, key, where, fallback, fallback == null);
        if (!(v instanceof String)) throw new BadInput(where + "." + key + ": must be a string");
        return (String) v;
    }

    @SuppressWarnings("unchecked")
    static Scenario load(String path) throws BadInput {
        String text;
        try {
            text = Files.readString(Path.of(path), StandardCharsets.UTF_8);
        } catch (Exception e) {
            throw new BadInput(path + ": cannot read: " + e.getMessage());
        }
        Object doc;
        try {
            doc = new JsonReader(text).document();
        } catch (BadInput e) {
            throw new BadInput(path + ": " + e.getMessage());
        }
        if (!(doc instanceof Map)) throw new BadInput(path + ": the document must be an object");
        Map<String, Object> root = (Map<String, Object>) doc;
        try {
            Scenario s = new Scenario();
            if (!"poolscope-scenario/1".equals(root.get("format"))) throw new BadInput("format: not poolscope-scenario/1");
            if (!"java".equals(root.get("model"))) throw new BadInput("model: only \"java\" is modelled here");
            s.name = string(root, "name", "", null);
            s.workers = integer(root, "workers", "", null, 1);
            s.maxWorkers = integer(root, "max_workers", "", s.workers, s.workers);
            Object q = root.getOrDefault("queue", "unbounded");
            if ("unbounded".equals(q)) s.queue = -1;
            else if (q instanceof Double && (Double) q >= 0 && (Double) q == Math.floor((Double) q)) s.queue = ((Double) q).intValue();
            else throw new BadInput("queue: must be \"unbounded\" or a whole number >= 0");
            s.rejection = string(root, "rejection", "", "abort");
            if (!List.of("abort", "caller_runs", "discard", "discard_oldest").contains(s.rejection))
                throw new BadInput("rejection: unknown policy " + quoted(s.rejection));

            List<Group> groups = new ArrayList<>();
            List<Object> tasks = (List<Object>) field(root, "tasks", "", null, true);
            for (int n = 0; n < tasks.size(); n++) {
                String where = "tasks[" + n + "]";
                Map<String, Object> t = (Map<String, Object>) tasks.get(n);
                Group g = new Group();
                g.id = string(t, "id", where, null);
                g.count = integer(t, "count", where, 1, 1);
                g.steps = integer(t, "steps", where, null, 0);
                g.stepMs = integer(t, "step_ms", where, null, 1);
                g.waitMode = string(t, "wait", where, "sleep");
                if (!List.of("sleep", "event", "busy").contains(g.waitMode)) throw new BadInput(where + ".wait: unknown");
                g.checksStop = bool(t, "checks_stop", where, false) || g.waitMode.equals("event");
                g.checksInterrupt = bool(t, "checks_interrupt", where, false);
                String onInterrupt = string(t, "on_interrupt", where, "return");
                if (!List.of("return", "swallow").contains(onInterrupt)) throw new BadInput(where + ".on_interrupt: unknown");
                g.swallows = onInterrupt.equals("swallow");
                g.failAtStep = t.containsKey("fail_at_step") ? integer(t, "fail_at_step", where, null, 0) : -1;
                g.submitAtMs = integer(t, "submit_at_ms", where, 0, 0);
                g.order = n;
                groups.add(g);
            }
            // Submission order: by submit_at_ms, ties in list order (a stable sort).
            groups.sort((a, b) -> Integer.compare(a.submitAtMs, b.submitAtMs));
            Map<String, List<Integer>> byName = new LinkedHashMap<>();
            for (Group g : groups) {
                List<Integer> all = new ArrayList<>();
                for (int k = 1; k <= g.count; k++) {
                    String iid = g.count == 1 ? g.id : g.id + "#" + k;
                    byName.put(iid, List.of(s.ids.size()));
                    all.add(s.ids.size());
                    s.ids.add(iid);
                    s.groupOf.add(g);
                }
                byName.put(g.id, all);
            }
            List<Object> actions = (List<Object>) field(root, "actions", "", new ArrayList<Object>(), false);
            for (int n = 0; n < actions.size(); n++) {
                String where = "actions[" + n + "]";
                Map<String, Object> a = (Map<String, Object>) actions.get(n);
                Action act = new Action();
                act.atMs = integer(a, "at_ms", where, null, 0);
                act.verb = string(a, "do", where, null);
                act.order = n;
                switch (act.verb) {
                case "cancel":
                    String target = string(a, "task", where, null);
                    if (!byName.containsKey(target)) throw new BadInput(where + ".task: unknown task " + quoted(target));
                    act.targets = byName.get(target);
                    act.interrupt = bool(a, "interrupt", where, false);
                    break;
                case "cancel_all":
                    act.interrupt = bool(a, "interrupt", where, false);
                    break;
                case "await_termination":
                    act.timeoutMs = integer(a, "timeout_ms", where, null, 1);
                    break;
                case "stop": case "clear": case "shutdown": case "shutdown_now":
                    break;
                default:
                    throw new BadInput(where + ".do: unknown action " + quoted(act.verb));
                }
                s.actions.add(act);
            }
            return s;
        } catch (BadInput e) {
            throw new BadInput(path + ": " + e.getMessage());
        } catch (ClassCastException e) {
            throw new BadInput(path + ": a field has the wrong type");
        }
    }

    // ---------------------------------------------------------------------------------------------
    // The program

    // The stop event: Java has no threading.Event; this is the usual lock and condition.
    static final class StopEvent {
        private final ReentrantLock lock = new ReentrantLock();
        private final Condition changed = lock.newCondition();
        private boolean set;

        void set() {
            lock.lock();
            try { set = true; changed.signalAll(); } finally { lock.unlock(); }
        }

        void clear() {
            lock.lock();
            try { set = false; } finally { lock.unlock(); }
        }

        boolean isSet() {
            lock.lock();
            try { return set; } finally { lock.unlock(); }
        }

        // True as soon as the event is set (at once if it is); false after the timeout.
        boolean await(long nanos) throws InterruptedException {
            lock.lock();
            try {
                while (!set) {
                    if (nanos <= 0) return false;
                    nanos = changed.awaitNanos(nanos);
                }
                return true;
            } finally {
                lock.unlock();
            }
        }
    }

    static final int NOT_RUN = 0, RAN_ON_WORKER = 1, RAN_ON_CALLER = 2;

    final Scenario scenario;
    final double scale;
    final StopEvent event = new StopEvent();
    final Thread mainThread = Thread.currentThread();
    final AtomicIntegerArray stepsDone, ran;
    final AtomicReferenceArray<String> bodyOutcome;
    final String[] fate; // the first fate of a task that never ran (main thread only)
    final List<List<Boolean>> cancelResults = new ArrayList<>();
    final List<Future<?>> futures = new ArrayList<>(); // null: the submit threw
    final Map<Runnable, Integer> taskOf = Collections.synchronizedMap(new IdentityHashMap<>());

    JavaReference(Scenario s, double timeScale) {
        scenario = s;
        scale = timeScale;
        int n = s.ids.size();
        stepsDone = new AtomicIntegerArray(n);
        ran = new AtomicIntegerArray(n);
        bodyOutcome = new AtomicReferenceArray<>(n);
        fate = new String[n];
        for (int i = 0; i < n; i++) cancelResults.add(new ArrayList<>());
    }

    long scaledNanos(long ms) { return Math.round(ms * scale * 1e6); }

    final class Body implements Callable<String> {
        final int index;
        final Group g;

        Body(int index) { this.index = index; this.g = scenario.groupOf.get(index); }

        @Override
        public String call() {
            ran.set(index, Thread.currentThread() == mainThread ? RAN_ON_CALLER : RAN_ON_WORKER);
            String outcome = body();
            bodyOutcome.set(index, outcome);
            if (outcome.equals("failed")) throw new RuntimeException(scenario.ids.get(index) + " failed");
            return outcome;
        }

        private String body() {
            final long stepNanos = scaledNanos(g.stepMs);
            final long stepMillis = Math.round(g.stepMs * scale); // Thread.sleep rounds sub-ms parts up
            for (int i = 0; i < g.steps; i++) {
                if (i == g.failAtStep) return "failed";
                try {
                    switch (g.waitMode) {
                    case "sleep":
                        Thread.sleep(stepMillis);
                        break;
                    case "event":
                        if (event.await(stepNanos)) return "stopped";
                        break;
                    default: // busy: never blocks, never looks at the interrupt status
                        long end = System.nanoTime() + stepNanos;
                        while (System.nanoTime() - end < 0) Thread.yield(); // spins, but lets the other threads of a small machine run
                        break;
                    }
                } catch (InterruptedException e) {
                    if (g.swallows) continue; // the classic bug: the step is lost, the interrupt forgotten
                    Thread.currentThread().interrupt();
                    return "interrupted";
                }
                stepsDone.incrementAndGet(index);
                if (g.checksStop && event.isSet()) return "stopped";
                if (g.checksInterrupt && Thread.currentThread().isInterrupted()) return "interrupted";
            }
            return "completed";
        }
    }

    void noteFate(int index, String what) {
        if (fate[index] == null && ran.get(index) == NOT_RUN) fate[index] = what;
    }

    void noteFate(Runnable r, String what) {
        Integer index = taskOf.get(r);
        if (index != null) noteFate(index, what);
    }

    // The real policy decides; this notes which task it drops.
    final class Watched implements RejectedExecutionHandler {
        final String policy;
        final RejectedExecutionHandler real;

        Watched(String policy) {
            this.policy = policy;
            switch (policy) {
            case "caller_runs": real = new ThreadPoolExecutor.CallerRunsPolicy(); break;
            case "discard": real = new ThreadPoolExecutor.DiscardPolicy(); break;
            case "discard_oldest": real = new ThreadPoolExecutor.DiscardOldestPolicy(); break;
            default: real = new ThreadPoolExecutor.AbortPolicy(); break;
            }
        }

        @Override
        public void rejectedExecution(Runnable r, ThreadPoolExecutor e) {
            boolean shutDown = e.isShutdown();
            switch (policy) {
            case "discard":
                noteFate(r, "discarded");
                break;
            case "caller_runs":
                if (shutDown) noteFate(r, "discarded");
                break;
            case "discard_oldest":
                if (shutDown) {
                    noteFate(r, "discarded");
                } else {
                    Runnable oldest = e.getQueue().peek();
                    if (oldest != null) noteFate(oldest, "discarded");
                }
                break;
            default:
                break; // abort: submit() throws, the caller notes it
            }
            real.rejectedExecution(r, e);
        }
    }

    final class Pool extends ThreadPoolExecutor {
        Pool(BlockingQueue<Runnable> queue) {
            super(scenario.workers, scenario.maxWorkers, scaledNanos(60_000), TimeUnit.NANOSECONDS, queue,
                  new Watched(scenario.rejection));
        }

        @Override
        protected <T> RunnableFuture<T> newTaskFor(Callable<T> callable) {
            RunnableFuture<T> future = super.newTaskFor(callable);
            taskOf.put(future, ((Body) callable).index);
            return future;
        }
    }

    String run() throws InterruptedException {
        BlockingQueue<Runnable> queue = scenario.queue < 0 ? new LinkedBlockingQueue<>()
                : scenario.queue == 0 ? new SynchronousQueue<>() : new ArrayBlockingQueue<>(scenario.queue);
        Pool executor = new Pool(queue);
        List<List<String>> shutdownNowReturned = new ArrayList<>();
        List<Boolean> awaitResults = new ArrayList<>();

        // The timeline: submits before actions due at the same time, equal times in list order.
        List<long[]> items = new ArrayList<>(); // {at_ms, 0 submit | 1 action, order, index}
        for (int i = 0; i < scenario.ids.size(); i++) items.add(new long[] { scenario.groupOf.get(i).submitAtMs, 0, i, i });
        for (int k = 0; k < scenario.actions.size(); k++) items.add(new long[] { scenario.actions.get(k).atMs, 1, k, k });
        items.sort((a, b) -> a[0] != b[0] ? Long.compare(a[0], b[0]) : a[1] != b[1] ? Long.compare(a[1], b[1]) : Long.compare(a[2], b[2]));

        System.out.println("started");
        System.out.flush();
        final long t0 = System.nanoTime();
        for (long[] item : items) {
            final long due = t0 + scaledNanos(item[0]);
            for (long left; (left = due - System.nanoTime()) > 0;) LockSupport.parkNanos(left);
            final int index = (int) item[3];
            if (item[1] == 0) {
                try {
                    futures.add(executor.submit(new Body(index)));
                } catch (RejectedExecutionException e) {
                    futures.add(null);
                    noteFate(index, "rejected");
                }
                continue;
            }
            Action a = scenario.actions.get(index);
            switch (a.verb) {
            case "cancel":
                for (int t : a.targets) cancel(t, a.interrupt);
                break;
            case "cancel_all":
                for (int t = 0; t < futures.size(); t++) cancel(t, a.interrupt);
                break;
            case "stop": event.set(); break;
            case "clear": event.clear(); break;
            case "shutdown": executor.shutdown(); break;
            case "shutdown_now": {
                List<String> ids = new ArrayList<>();
                for (Runnable r : executor.shutdownNow()) {
                    int t = taskOf.get(r);
                    noteFate(t, "drained");
                    ids.add(scenario.ids.get(t));
                }
                shutdownNowReturned.add(ids);
                break;
            }
            case "await_termination":
                awaitResults.add(executor.awaitTermination(scaledNanos(a.timeoutMs), TimeUnit.NANOSECONDS));
                break;
            default:
                throw new IllegalStateException(a.verb);
            }
        }
        executor.shutdown();
        while (!executor.awaitTermination(1, TimeUnit.DAYS)) { }
        return report(executor, shutdownNowReturned, awaitResults);
    }

    void cancel(int task, boolean interrupt) {
        if (task >= futures.size() || futures.get(task) == null) return; // rejected: no future to cancel
        boolean result = futures.get(task).cancel(interrupt);
        cancelResults.get(task).add(result);
        if (result) noteFate(task, "cancelled");
    }

    String futureWord(Future<?> f) {
        if (f == null) return "none";
        if (f.isCancelled()) return "cancelled";
        if (!f.isDone()) return "never";
        try {
            f.get();
            return "done";
        } catch (ExecutionException e) {
            return "failed";
        } catch (Exception e) {
            return "?";
        }
    }

    String report(ThreadPoolExecutor executor, List<List<String>> shutdownNowReturned, List<Boolean> awaitResults) {
        StringBuilder b = new StringBuilder();
        b.append("{\n  \"format\": \"poolscope-report/1\",\n  \"scenario\": ").append(quoted(scenario.name));
        b.append(",\n  \"model\": \"java\",\n  \"tasks\": [");
        for (int i = 0; i < scenario.ids.size(); i++) {
            int where = ran.get(i);
            String outcome = where == NOT_RUN ? fate[i] : bodyOutcome.get(i);
            List<String> results = new ArrayList<>();
            for (boolean r : cancelResults.get(i)) results.add(Boolean.toString(r));
            b.append(i == 0 ? "\n    " : ",\n    ");
            b.append("{\"id\": ").append(quoted(scenario.ids.get(i)));
            b.append(", \"outcome\": ").append(outcome == null ? "null" : quoted(outcome));
            b.append(", \"steps_done\": ").append(stepsDone.get(i));
            b.append(", \"cancel_results\": [").append(String.join(", ", results)).append(']');
            b.append(", \"future\": ").append(quoted(futureWord(futures.get(i))));
            b.append(", \"thread\": ").append(where == RAN_ON_WORKER ? "\"worker\"" : where == RAN_ON_CALLER ? "\"caller\"" : "null");
            b.append('}');
        }
        b.append(scenario.ids.isEmpty() ? "]" : "\n  ]");
        List<String> lists = new ArrayList<>();
        for (List<String> ids : shutdownNowReturned) {
            List<String> q = new ArrayList<>();
            for (String id : ids) q.add(quoted(id));
            lists.add("[" + String.join(", ", q) + "]");
        }
        b.append(",\n  \"shutdown_now_returned\": [").append(String.join(", ", lists)).append(']');
        List<String> awaited = new ArrayList<>();
        for (boolean r : awaitResults) awaited.add(Boolean.toString(r));
        b.append(",\n  \"await_termination_results\": [").append(String.join(", ", awaited)).append(']');
        b.append(",\n  \"largest_pool_size\": ").append(executor.getLargestPoolSize());
        return b.append("\n}\n").toString();
    }

    // Loads the classes the run uses before its clock starts, so the first submit is not a class load.
    static void warmUp() throws InterruptedException {
        ThreadPoolExecutor warm = new ThreadPoolExecutor(1, 2, 1, TimeUnit.SECONDS, new ArrayBlockingQueue<>(1),
                                                         new ThreadPoolExecutor.AbortPolicy());
        Future<?> f = warm.submit(() -> { });
        try { f.get(); } catch (ExecutionException e) { throw new IllegalStateException(e); }
        warm.submit(() -> { }).cancel(true);
        new LinkedBlockingQueue<Runnable>().offer(() -> { });
        new SynchronousQueue<Runnable>().offer(() -> { });
        new StopEvent().await(1);
        warm.shutdownNow();
        warm.awaitTermination(1, TimeUnit.SECONDS);
    }

    public static void main(String[] args) throws Exception {
        String scenarioPath = null, reportPath = null, timeScale = "1";
        for (int i = 0; i < args.length; i++) {
            if (args[i].equals("--report") && i + 1 < args.length) reportPath = args[++i];
            else if (args[i].equals("--time-scale") && i + 1 < args.length) timeScale = args[++i];
            else if (scenarioPath == null) scenarioPath = args[i];
            else { System.err.println("error: unexpected argument " + args[i]); System.exit(2); }
        }
        if (scenarioPath == null || reportPath == null) {
            System.err.println("usage: JavaReference SCENARIO.json --report OUT.json [--time-scale X]");
            System.exit(2);
        }
        Scenario scenario;
        double scale;
        try {
            try {
                scale = Double.parseDouble(timeScale);
            } catch (NumberFormatException e) {
                scale = -1;
            }
            if (!(scale > 0 && scale < Double.POSITIVE_INFINITY))
                throw new BadInput("--time-scale: must be a positive number, got " + timeScale);
            scenario = load(scenarioPath);
        } catch (BadInput e) {
            System.err.println("error: " + e.getMessage());
            System.exit(2);
            return;
        }
        warmUp();
        String report = new JavaReference(scenario, scale).run();
        Path out = Path.of(reportPath).toAbsolutePath();
        Path tmp = Files.createTempFile(out.getParent(), ".java_reference.", ".tmp");
        Files.writeString(tmp, report, StandardCharsets.UTF_8);
        Files.move(tmp, out, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }
}
