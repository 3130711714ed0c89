// SPDX-License-Identifier: MIT
#include "recordcommand.h"

#include "commandline.h"
#include "io/recordingseal.h"
#include "io/runfile.h"
#include "io/runoutput.h"
#include "io/runwriters.h"

#include <QCoreApplication>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QStringList>

#include <cerrno>
#include <csignal>
#include <cstdio>
#include <cstring>
#include <spawn.h>
#include <string>
#include <sys/wait.h>
#include <unistd.h>
#include <vector>

extern char **environ;

namespace poolscope {

namespace {

constexpr char Usage[] = "usage: poolscope record [--output OUT.poolscope] [--report R.json] [--trace T.json] -- PROGRAM [ARGS...]";

constexpr char Help[] = R"(usage: poolscope record [--output OUT.poolscope] [--report R.json] [--trace T.json] -- PROGRAM [ARGS...]

Runs PROGRAM (e.g. python3 app.py --flag) unchanged, with poolscope's Python recorder on its PYTHONPATH,
and saves what its concurrent.futures ThreadPoolExecutors and threading.Events did: every pool, submit,
start, end, cancel() and its result, each Event's set() and clear(), each is_set()/wait() a running task
made (a check), shutdown(), wait() and as_completed(). Open the recording with `poolscope OUT.poolscope`,
or write its report with `poolscope --headless OUT.poolscope --report R.json`.

PROGRAM's input, output and exit status are its own. If it crashes or is killed, what was recorded up to
then is saved, marked incomplete. Only the first Python process PROGRAM starts is recorded.

  --output OUT.poolscope  the recording (default: the script's name with .poolscope, here)
  --report R.json         also write the report (poolscope-report/1)
  --trace T.json          also write a Chrome trace (opens in Perfetto)
  --python-path           print the folder holding the recorder package and exit (for
                          PYTHONPATH=$(poolscope record --python-path) python3 -m poolscope_record app.py)
)";

struct RecordOptions
{
    QString output;
    QString report;
    QString trace;
    std::vector<std::string> program; // PROGRAM and its arguments, passed as they came
    bool printPythonPath = false;
};

// 0 to go on; otherwise the status to exit with.
int parseOptions(int argc, char *argv[], RecordOptions *o)
{
    int i = 2;
    auto value = [&](const char *arg, const char *name, QString *out) {
        const size_t n = std::strlen(name);
        if (std::strncmp(arg, name, n) == 0 && arg[n] == '=') {
            *out = QString::fromLocal8Bit(arg + n + 1);
            return 1;
        }
        if (std::strcmp(arg, name) != 0)
            return 0;
        if (i + 1 >= argc)
            return -1;
        *out = QString::fromLocal8Bit(argv[++i]);
        return 1;
    };
    for (; i < argc; ++i) {
        const char *a = argv[i];
        if (std::strcmp(a, "--") == 0) {
            ++i;
            break;
        }
        if (std::strcmp(a, "--help") == 0 || std::strcmp(a, "-h") == 0) {
            std::fputs(Help, stdout);
            return -1;
        }
        if (a[0] != '-')
            break; // PROGRAM: everything from here on is its own
        if (std::strcmp(a, "--python-path") == 0) {
            o->printPythonPath = true;
            return 0;
        }
        int taken = 0;
        for (auto [name, out] : { std::pair { "--output", &o->output }, std::pair { "-o", &o->output },
                                  std::pair { "--report", &o->report }, std::pair { "--trace", &o->trace } }) {
            if ((taken = value(a, name, out)) != 0)
                break;
        }
        if (taken < 0) {
            printError(QStringLiteral("record: %1 needs a value (%2)").arg(QString::fromLocal8Bit(a), QLatin1String(Usage)));
            return 2;
        }
        if (taken == 0) {
            printError(QStringLiteral("record: %1: unknown option (%2)").arg(QString::fromLocal8Bit(a), QLatin1String(Usage)));
            return 2;
        }
    }
    for (; i < argc; ++i)
        o->program.emplace_back(argv[i]);
    if (o->program.empty() && !o->printPythonPath) {
        printError(QStringLiteral("record: no PROGRAM to run (%1)").arg(QLatin1String(Usage)));
        return 2;
    }
    return 0;
}

// "app.py --flag" records to app.poolscope; "-m pkg.tool" to tool.poolscope; anything else to PROGRAM's name.
QString defaultOutput(const std::vector<std::string> &program)
{
    for (size_t i = 1; i < program.size(); ++i) {
        const QString arg = QString::fromLocal8Bit(program[i].c_str());
        if (arg.endsWith(QLatin1String(".py")))
            return QFileInfo(arg).completeBaseName() + QStringLiteral(".poolscope");
        if (arg == QLatin1String("-m") && i + 1 < program.size())
            return QString::fromLocal8Bit(program[i + 1].c_str()).section(QLatin1Char('.'), -1) + QStringLiteral(".poolscope");
    }
    return QFileInfo(QString::fromLocal8Bit(program[0].c_str())).fileName() + QStringLiteral(".poolscope");
}

bool checkOutput(const QString &option, const QString &path)
{
    const QFileInfo info(path);
    if (info.isDir()) {
        printError(QStringLiteral("record: --%1 %2: is a directory").arg(option, path));
        return false;
    }
    if (!info.absoluteDir().exists()) {
        printError(QStringLiteral("record: --%1 %2: the directory %3 does not exist").arg(option, path, info.absolutePath()));
        return false;
    }
    return true;
}

// The folder holding the poolscope_record package: POOLSCOPE_PYTHON_DIR, the installed copy
// (share/poolscope/python beside bin/), or the source tree this poolscope was built from.
QString recorderPackageParent(QStringList *looked)
{
    QStringList candidates;
    if (qEnvironmentVariableIsSet("POOLSCOPE_PYTHON_DIR"))
        candidates << qEnvironmentVariable("POOLSCOPE_PYTHON_DIR");
    candidates << QCoreApplication::applicationDirPath() + QStringLiteral("/../share/poolscope/python");
#ifdef POOLSCOPE_SOURCE_PYTHON_DIR
    candidates << QStringLiteral(POOLSCOPE_SOURCE_PYTHON_DIR);
#endif
    for (const QString &dir : std::as_const(candidates)) {
        if (QFileInfo::exists(dir + QStringLiteral("/poolscope_record/_boot/sitecustomize.py")))
            return QDir(dir).canonicalPath();
        *looked << dir;
    }
    return {};
}

// --- the child ------------------------------------------------------------------------------------

volatile sig_atomic_t g_child = 0;

extern "C" void forwardSignal(int signal)
{
    if (g_child > 0)
        ::kill(pid_t(g_child), signal);
}

struct ChildEnd
{
    int spawnError = 0; // errno of a PROGRAM that could not start
    bool signalled = false;
    int code = 0; // exit status, or the signal
};

ChildEnd runChild(const std::vector<std::string> &program, const std::vector<std::string> &env)
{
    std::vector<char *> args, envp;
    for (const std::string &s : program)
        args.push_back(const_cast<char *>(s.c_str()));
    args.push_back(nullptr);
    for (const std::string &s : env)
        envp.push_back(const_cast<char *>(s.c_str()));
    envp.push_back(nullptr);

    // As a shell does for a foreground command: Ctrl-C and Ctrl-\ reach PROGRAM from the terminal, and
    // poolscope waits to save what it recorded; a TERM or HUP sent to poolscope is passed on.
    struct sigaction ignore {}, forward {}, oldInt {}, oldQuit {}, oldTerm {}, oldHup {};
    ignore.sa_handler = SIG_IGN;
    forward.sa_handler = forwardSignal;
    sigemptyset(&ignore.sa_mask);
    sigemptyset(&forward.sa_mask);
    sigaction(SIGINT, &ignore, &oldInt);
    sigaction(SIGQUIT, &ignore, &oldQuit);
    sigaction(SIGTERM, &forward, &oldTerm);
    sigaction(SIGHUP, &forward, &oldHup);

    posix_spawnattr_t attr;
    posix_spawnattr_init(&attr);
    sigset_t defaults, none;
    sigemptyset(&defaults);
    for (int s : { SIGINT, SIGQUIT, SIGTERM, SIGHUP, SIGPIPE })
        sigaddset(&defaults, s);
    sigemptyset(&none);
    posix_spawnattr_setsigdefault(&attr, &defaults);
    posix_spawnattr_setsigmask(&attr, &none);
    posix_spawnattr_setflags(&attr, POSIX_SPAWN_SETSIGDEF | POSIX_SPAWN_SETSIGMASK);

    ChildEnd end;
    pid_t pid = 0;
    end.spawnError = posix_spawnp(&pid, args[0], nullptr, &attr, args.data(), envp.data());
    posix_spawnattr_destroy(&attr);
    if (end.spawnError == 0) {
        g_child = pid;
        int status = 0;
        while (waitpid(pid, &status, 0) < 0 && errno == EINTR) { }
        g_child = 0;
        end.signalled = WIFSIGNALED(status);
        end.code = end.signalled ? WTERMSIG(status) : WEXITSTATUS(status);
    }
    sigaction(SIGINT, &oldInt, nullptr);
    sigaction(SIGQUIT, &oldQuit, nullptr);
    sigaction(SIGTERM, &oldTerm, nullptr);
    sigaction(SIGHUP, &oldHup, nullptr);
    return end;
}

std::vector<std::string> childEnvironment(const QString &packageParent, const QString &part)
{
    const QByteArray boot = QFile::encodeName(packageParent + QStringLiteral("/poolscope_record/_boot"));
    const char *pythonPath = std::getenv("PYTHONPATH");
    std::vector<std::string> env;
    for (char **e = environ; *e; ++e) {
        if (std::strncmp(*e, "PYTHONPATH=", 11) != 0 && std::strncmp(*e, "POOLSCOPE_RECORD_", 17) != 0)
            env.emplace_back(*e);
    }
    // The boot directory first: its sitecustomize starts the recorder, restores PYTHONPATH for PROGRAM's
    // own children, and runs the sitecustomize it shadows.
    std::string path = "PYTHONPATH=" + boot.toStdString();
    if (pythonPath && *pythonPath)
        path += std::string(":") + pythonPath;
    env.push_back(path);
    env.push_back("POOLSCOPE_RECORD_PYTHONPATH=" + std::string(pythonPath ? pythonPath : ""));
    env.push_back("POOLSCOPE_RECORD_PACKAGE=" + QFile::encodeName(packageParent).toStdString());
    env.push_back("POOLSCOPE_RECORD_PART=" + QFile::encodeName(part).toStdString());
    return env;
}

// Ends poolscope as PROGRAM ended: with its exit status, or by the same signal (so a shell sees the Ctrl-C).
int endAsChild(const ChildEnd &end)
{
    if (!end.signalled)
        return end.code;
    std::fflush(stdout);
    std::fflush(stderr);
    for (int s : { SIGINT, SIGTERM, SIGHUP, SIGKILL, SIGPIPE, SIGALRM, SIGUSR1, SIGUSR2 }) {
        if (s == end.code) {
            std::signal(s, SIG_DFL);
            std::raise(s);
        }
    }
    return 128 + end.code; // signals that would dump poolscope's core: the shell's number instead
}

QString childEndText(const ChildEnd &end)
{
    if (end.signalled)
        return QStringLiteral("killed by signal %1 (%2)").arg(end.code).arg(QString::fromLocal8Bit(strsignal(end.code)));
    return QStringLiteral("exit status %1").arg(end.code);
}

} // namespace

bool isRecordCommand(int argc, char *argv[])
{
    return argc >= 2 && std::strcmp(argv[1], "record") == 0;
}

int runRecordCommand(int argc, char *argv[])
{
    RecordOptions o;
    if (const int status = parseOptions(argc, argv, &o))
        return status < 0 ? 0 : status;
    QStringList looked;
    const QString package = recorderPackageParent(&looked);
    if (package.isEmpty()) {
        printError(QStringLiteral("record: cannot find the Python recorder (poolscope_record) in %1; set POOLSCOPE_PYTHON_DIR")
                           .arg(looked.join(QStringLiteral(", "))));
        return 2;
    }
    if (o.printPythonPath) {
        std::printf("%s\n", qPrintable(QDir::toNativeSeparators(package)));
        return 0;
    }
    const QString shown = QString::fromLocal8Bit(o.program[0].c_str());
    if (o.output.isEmpty())
        o.output = defaultOutput(o.program);
    for (auto [option, path] : { std::pair { "output", o.output }, std::pair { "report", o.report }, std::pair { "trace", o.trace } }) {
        if (!path.isEmpty() && !checkOutput(QLatin1String(option), path))
            return 2;
    }
    // PROGRAM's Python streams the recording into a file of its own beside OUT; OUT appears when it is whole.
    const QFileInfo out(o.output);
    const QString part = out.absoluteDir().filePath(QStringLiteral(".%1.%2.part").arg(out.fileName()).arg(QCoreApplication::applicationPid()));
    QFile::remove(part);
    const ChildEnd end = runChild(o.program, childEnvironment(package, part));
    if (end.spawnError != 0) {
        printError(QStringLiteral("record: %1: %2").arg(shown, end.spawnError == ENOENT ? QStringLiteral("not found")
                                                                                       : QString::fromLocal8Bit(std::strerror(end.spawnError))));
        return 2;
    }
    if (!QFileInfo::exists(part)) {
        printError(QStringLiteral("record: %1 ended (%2) and nothing was recorded: it is not a Python program, or its "
                                  "Python is older than 3.9 or ignores PYTHONPATH and site (-E, -I, -S)")
                           .arg(shown, childEndText(end)));
        return 2;
    }
    QString error;
    const SealResult sealed = sealRecording(part, &error);
    if (!sealed.ok) {
        QFile::remove(part);
        printError(QStringLiteral("record: %1").arg(error));
        return 2;
    }
    QFile::remove(o.output);
    if (!QFile::rename(part, o.output)) {
        printError(QStringLiteral("record: %1: cannot write (the recording is left in %2)").arg(o.output, part));
        return end.signalled || end.code ? endAsChild(end) : 1;
    }
    std::fprintf(stderr, "poolscope: recorded %llu tasks, %llu events to %s%s\n", static_cast<unsigned long long>(sealed.tasks),
                 static_cast<unsigned long long>(sealed.events), qPrintable(o.output),
                 sealed.complete ? "" : qPrintable(QStringLiteral(" (incomplete: %1 %2)").arg(shown, childEndText(end))));

    bool written = true;
    if (!o.report.isEmpty() || !o.trace.isEmpty()) {
        std::optional<Run> run = loadRunFile(o.output, &error);
        if (!run) {
            printError(error);
            return 2;
        }
        const RunOutput output(*run);
        for (auto [option, path] : { std::pair { "report", o.report }, std::pair { "trace", o.trace } }) {
            const RunWriter *writer = findRunWriter(QLatin1String(option));
            if (path.isEmpty() || !writer)
                continue;
            if (!writer->write(output, path, &error)) {
                printError(error);
                written = false;
            }
        }
    }
    // PROGRAM's ending first: a file poolscope could not write turns only a success into a failure.
    if (end.signalled || end.code != 0)
        return endAsChild(end);
    return written ? 0 : 1;
}

} // namespace poolscope
