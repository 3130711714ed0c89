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

QTEST_GUILESS_MAIN(tst_Screenshot)
#include "tst_screenshot.moc"
