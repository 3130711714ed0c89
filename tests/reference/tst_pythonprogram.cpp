// SPDX-License-Identifier: MIT
// The Python program beside the lesson is the same program: each Python built-in, written out with
// `poolscope --export-python`, run by python3, must end with the outcomes poolscope's own report gives
// (`poolscope --headless --report`), task by task. The two run at the same time, one scenario after the
// other (all at once, a loaded 2-core machine started threads late enough to eat the margins).
#include "scenario/scenario.h"

#include <QDir>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>
#include <map>
#include <memory>

using namespace poolscope;

class TestPythonProgram : public QObject
{
    Q_OBJECT
private slots:
    void initTestCase();
    void sameOutcomes_data();
    void sameOutcomes();
    void refusesOtherModelsAndBadInput();

private:
    struct Pair
    {
        std::unique_ptr<QProcess> python;
        std::unique_ptr<QProcess> poolscope;
        QString program, report;
    };
    static QStringList pythonScenarios();
    int exportPython(const QStringList &args);

    QTemporaryDir m_dir;
    QString m_python;
    std::map<QString, Pair> m_runs;
};

// Every Python built-in, and the cross-check's own scenarios (pause and resume) by path.
QStringList TestPythonProgram::pythonScenarios()
{
    QStringList names;
    for (const QString &name : builtinScenarioNames()) {
        const ScenarioParseResult r = loadBuiltinScenario(name);
        if (r.scenario && r.scenario->model == QLatin1String("python"))
            names << name;
    }
    const QDir extra(QStringLiteral(POOLSCOPE_REFERENCE_SCENARIOS));
    for (const QString &file : extra.entryList({ QStringLiteral("*.json") }, QDir::Files, QDir::Name))
        names << extra.filePath(file);
    return names;
}

int TestPythonProgram::exportPython(const QStringList &args)
{
    QProcess p;
    p.setProcessChannelMode(QProcess::ForwardedChannels);
    p.start(QStringLiteral(POOLSCOPE_BINARY), args);
    if (!p.waitForFinished(30000))
        return -1;
    return p.exitCode();
}

void TestPythonProgram::initTestCase()
{
    QVERIFY(m_dir.isValid());
    m_python = QStandardPaths::findExecutable(QStringLiteral("python3"));
    // The set-up installs python3 (the CPython cross-check needs it too): without it this is a broken set-up.
    QVERIFY2(!m_python.isEmpty(), "python3 is not installed (scripts/setup.sh installs it)");
    for (const QString &name : pythonScenarios()) {
        Pair &pair = m_runs[name];
        const QString base = QFileInfo(name).completeBaseName();
        pair.program = m_dir.filePath(base + QStringLiteral(".py"));
        pair.report = m_dir.filePath(base + QStringLiteral(".report.json"));
        QCOMPARE(exportPython({ QStringLiteral("--export-python"), pair.program, name }), 0);
    }
}

void TestPythonProgram::sameOutcomes_data()
{
    QTest::addColumn<QString>("scenario");
    for (const QString &name : pythonScenarios())
        QTest::newRow(qPrintable(QFileInfo(name).fileName())) << name;
}

void TestPythonProgram::sameOutcomes()
{
    QFETCH(QString, scenario);
    Pair &pair = m_runs.at(scenario);
    pair.python = std::make_unique<QProcess>();
    pair.python->setProcessChannelMode(QProcess::SeparateChannels);
    pair.python->start(m_python, { pair.program });
    pair.poolscope = std::make_unique<QProcess>();
    pair.poolscope->setProcessChannelMode(QProcess::ForwardedErrorChannel);
    pair.poolscope->start(QStringLiteral(POOLSCOPE_BINARY), { QStringLiteral("--headless"), scenario, QStringLiteral("--report"), pair.report });
    QVERIFY2(pair.python->waitForFinished(120000), "python3 did not finish");
    QVERIFY2(pair.poolscope->waitForFinished(120000), "poolscope --headless did not finish");
    const QByteArray err = pair.python->readAllStandardError();
    QVERIFY2(pair.python->exitStatus() == QProcess::NormalExit && pair.python->exitCode() == 0, err.constData());
    QCOMPARE(pair.poolscope->exitCode(), 0);

    // poolscope's report, as the program would print it.
    QFile file(pair.report);
    QVERIFY(file.open(QIODevice::ReadOnly));
    const QJsonObject report = QJsonDocument::fromJson(file.readAll()).object();
    const QJsonArray tasks = report.value(QStringLiteral("tasks")).toArray();
    const QJsonArray calls = report.value(QStringLiteral("caller_results")).toArray();
    QStringList expected;
    for (const QJsonValue &v : tasks) {
        const QJsonObject t = v.toObject();
        QStringList results;
        for (const QJsonValue &r : t.value(QStringLiteral("cancel_results")).toArray())
            results << (r.toBool() ? QStringLiteral("True") : QStringLiteral("False"));
        expected << QStringLiteral("%1: %2, steps_done=%3, cancel_results=[%4]")
                            .arg(t.value(QStringLiteral("id")).toString(), t.value(QStringLiteral("outcome")).toString())
                            .arg(t.value(QStringLiteral("steps_done")).toInt())
                            .arg(results.join(QStringLiteral(", ")));
    }
    QVERIFY(!expected.isEmpty());
    // The program's last lines: one per task, in submission order, then one per caller call,
    // "<call>: <its caller_results entry as JSON>".
    const QStringList printed = QString::fromUtf8(pair.python->readAllStandardOutput()).split(QLatin1Char('\n'), Qt::SkipEmptyParts);
    QVERIFY2(printed.size() >= expected.size() + calls.size(), qPrintable(printed.join(QLatin1Char('\n'))));
    const qsizetype firstCall = printed.size() - calls.size();
    QCOMPARE(printed.mid(firstCall - expected.size(), expected.size()), expected);
    for (qsizetype i = 0; i < calls.size(); ++i) {
        const QJsonObject want = calls[i].toObject();
        const QString line = printed[firstCall + i];
        const QString prefix = want.value(QStringLiteral("call")).toString() + QStringLiteral(": ");
        QVERIFY2(line.startsWith(prefix), qPrintable(line));
        const QJsonObject got = QJsonDocument::fromJson(line.mid(prefix.size()).toUtf8()).object();
        QVERIFY2(got == want, qPrintable(QStringLiteral("%1\n  poolscope's report: %2")
                                                 .arg(line, QString::fromUtf8(QJsonDocument(want).toJson(QJsonDocument::Compact)))));
    }
    // And it printed as it went, as the lesson's programs do.
    QVERIFY(printed.contains(QStringLiteral("All done.")));
}

void TestPythonProgram::refusesOtherModelsAndBadInput()
{
    // Not a scenario: exit 2, nothing written.
    const QString out = m_dir.filePath(QStringLiteral("never.py"));
    QCOMPARE(exportPython({ QStringLiteral("--export-python"), out, QStringLiteral("no-such-scenario") }), 2);
    QVERIFY(!QFile::exists(out));
    QCOMPARE(exportPython({ QStringLiteral("--export-python"), m_dir.filePath(QStringLiteral("no/dir/x.py")), QStringLiteral("never-checks") }), 2);
    // Another model's scenario is not a Python program.
    for (const QString &name : builtinScenarioNames()) {
        const ScenarioParseResult r = loadBuiltinScenario(name);
        if (r.scenario && r.scenario->model != QLatin1String("python")) {
            QCOMPARE(exportPython({ QStringLiteral("--export-python"), out, name }), 2);
            QVERIFY(!QFile::exists(out));
            break;
        }
    }
}

QTEST_GUILESS_MAIN(TestPythonProgram)
#include "tst_pythonprogram.moc"
