// SPDX-License-Identifier: MIT
// `poolscope --scenario NAME --screenshot OUT.png`, end to end: the real program in a QProcess runs the
// scenario in the window, saves the picture when the run ends and exits 0. The picture must be of the
// whole window and show something: not a blank or flat-filled image of the right size.
#include "window/guimain.h"

#include <QHash>
#include <algorithm>
#include <QImage>
#include <QProcess>
#include <QTemporaryDir>
#include <QTest>

class tst_Screenshot : public QObject
{
    Q_OBJECT
private slots:
    void savesAPictureOfTheWindow();
    void picturesInOneStepDiffer();
};

void tst_Screenshot::savesAPictureOfTheWindow()
{
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const QString png = dir.filePath(QStringLiteral("gui_screenshot.png"));
    QProcess p;
    p.setProcessChannelMode(QProcess::ForwardedErrorChannel);
    p.start(QStringLiteral(POOLSCOPE_BINARY),
            { "--scenario", "cancel-then-stop", "--time-scale", "0.1", "--screenshot", png });
    QVERIFY2(p.waitForStarted(30000), qPrintable(p.errorString()));
    if (!p.waitForFinished(50000)) {
        p.kill();
        p.waitForFinished();
        QFAIL("poolscope --screenshot did not exit within 50 s");
    }
    QCOMPARE(p.exitStatus(), QProcess::NormalExit);
    QCOMPARE(p.exitCode(), 0);

    QImage image(png);
    QVERIFY2(!image.isNull(), qPrintable(png + QStringLiteral(" is missing or not a PNG")));
    QCOMPARE(image.size(), poolscope::ScreenshotWindowSize);

    // Not blank: a window with text, icons and a timeline has many colours, and its most common one (the
    // background) leaves a good share of the pixels to everything else.
    image = image.convertToFormat(QImage::Format_RGB32);
    QHash<QRgb, qint64> counts;
    for (int y = 0; y < image.height(); ++y) {
        const auto *line = reinterpret_cast<const QRgb *>(image.constScanLine(y));
        for (int x = 0; x < image.width(); ++x)
            ++counts[line[x]];
    }
    qint64 commonest = 0;
    for (const qint64 n : std::as_const(counts))
        commonest = std::max(commonest, n);
    const qint64 pixels = qint64(image.width()) * image.height();
    qInfo("%lld colours; the commonest covers %.1f%% of the picture", qlonglong(counts.size()),
          100.0 * double(commonest) / double(pixels));
    QVERIFY2(counts.size() >= 32, qPrintable(QStringLiteral("only %1 colours").arg(counts.size())));
    QVERIFY2(commonest <= pixels * 4 / 5,
             qPrintable(QStringLiteral("one colour covers %1% of the picture").arg(100 * commonest / pixels)));
}

// Two moments inside one step (never-checks: 300 ms steps, the first from about 0 to 300 ms): no event
// falls between them, yet the running bars must have grown — the live view moves with the clock. The run's
// clock stops at each moment, so this holds however loaded the machine is.
void tst_Screenshot::picturesInOneStepDiffer()
{
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const QString first = dir.filePath(QStringLiteral("at-100.png"));
    const QString second = dir.filePath(QStringLiteral("at-200.png"));
    QProcess p;
    p.setProcessChannelMode(QProcess::ForwardedErrorChannel);
    p.start(QStringLiteral(POOLSCOPE_BINARY), { "--scenario", "never-checks", "--size", "1280x720", "--screenshot-at", "100",
                                                first, "--screenshot-at", "200", second });
    QVERIFY2(p.waitForStarted(30000), qPrintable(p.errorString()));
    if (!p.waitForFinished(50000)) {
        p.kill();
        p.waitForFinished();
        QFAIL("poolscope --screenshot-at did not exit within 50 s");
    }
    QCOMPARE(p.exitCode(), 0);
    const QImage a = QImage(first).convertToFormat(QImage::Format_RGB32);
    const QImage b = QImage(second).convertToFormat(QImage::Format_RGB32);
    QCOMPARE(a.size(), QSize(1280, 720));
    QCOMPARE(b.size(), a.size());
    qint64 differing = 0;
    for (int y = 0; y < a.height(); ++y) {
        const auto *la = reinterpret_cast<const QRgb *>(a.constScanLine(y));
        const auto *lb = reinterpret_cast<const QRgb *>(b.constScanLine(y));
        for (int x = 0; x < a.width(); ++x)
            differing += la[x] != lb[x];
    }
    // Nothing else moves on this screen between the two moments: the progress bars of the table and the
    // pool cards and the timeline's running bars, a third of a step longer each.
    QVERIFY2(differing > 400, qPrintable(QStringLiteral("only %1 pixels differ").arg(differing)));
}

QTEST_GUILESS_MAIN(tst_Screenshot)
#include "tst_screenshot.moc"
