// SPDX-License-Identifier: MIT
// The timeline's coordinate mapping: pure functions, tested with data rows.
#include "layout/timecoordinates.h"

#include <QTest>

using namespace poolscope;

class TestTimelineCoordinates : public QObject
{
    Q_OBJECT
private slots:
    void timeToX_data();
    void timeToX();
    void xToTime_data();
    void xToTime();
    void roundTrip_data();
    void roundTrip();
    void laneAt_data();
    void laneAt();
    void nsPerPixel();
};

void TestTimelineCoordinates::timeToX_data()
{
    QTest::addColumn<qint64>("t");
    QTest::addColumn<qint64>("start");
    QTest::addColumn<qint64>("end");
    QTest::addColumn<double>("width");
    QTest::addColumn<double>("x");
    QTest::newRow("start maps to 0") << qint64(100) << qint64(100) << qint64(200) << 1000.0 << 0.0;
    QTest::newRow("end maps to width") << qint64(200) << qint64(100) << qint64(200) << 1000.0 << 1000.0;
    QTest::newRow("middle") << qint64(150) << qint64(100) << qint64(200) << 1000.0 << 500.0;
    QTest::newRow("before the range: negative, not clamped")
        << qint64(0) << qint64(100) << qint64(200) << 1000.0 << -1000.0;
    QTest::newRow("after the range: not clamped") << qint64(300) << qint64(100) << qint64(200) << 1000.0 << 2000.0;
    QTest::newRow("empty range") << qint64(150) << qint64(100) << qint64(100) << 1000.0 << 0.0;
    QTest::newRow("reversed range") << qint64(150) << qint64(200) << qint64(100) << 1000.0 << 0.0;
    QTest::newRow("zero width") << qint64(150) << qint64(100) << qint64(200) << 0.0 << 0.0;
    QTest::newRow("negative width") << qint64(150) << qint64(100) << qint64(200) << -5.0 << 0.0;
    // A day of nanoseconds: integer subtraction first keeps a nanosecond visible.
    QTest::newRow("late in a long run") << qint64(86'400'000'000'001) << qint64(86'400'000'000'000)
                                        << qint64(86'400'000'000'010) << 10.0 << 1.0;
}

void TestTimelineCoordinates::timeToX()
{
    QFETCH(qint64, t);
    QFETCH(qint64, start);
    QFETCH(qint64, end);
    QFETCH(double, width);
    QFETCH(double, x);
    QCOMPARE(poolscope::timeToX(t, start, end, width), x);
}

void TestTimelineCoordinates::xToTime_data()
{
    QTest::addColumn<double>("x");
    QTest::addColumn<qint64>("start");
    QTest::addColumn<qint64>("end");
    QTest::addColumn<double>("width");
    QTest::addColumn<qint64>("t");
    QTest::newRow("left edge") << 0.0 << qint64(1000) << qint64(2000) << 100.0 << qint64(1000);
    QTest::newRow("right edge") << 100.0 << qint64(1000) << qint64(2000) << 100.0 << qint64(2000);
    QTest::newRow("negative x: before the range") << -10.0 << qint64(1000) << qint64(2000) << 100.0 << qint64(900);
    QTest::newRow("beyond the width") << 150.0 << qint64(1000) << qint64(2000) << 100.0 << qint64(2500);
    QTest::newRow("empty range") << 50.0 << qint64(1000) << qint64(1000) << 100.0 << qint64(0);
    QTest::newRow("zero width") << 50.0 << qint64(1000) << qint64(2000) << 0.0 << qint64(0);
    QTest::newRow("not a number") << qQNaN() << qint64(1000) << qint64(2000) << 100.0 << qint64(0);
}

void TestTimelineCoordinates::xToTime()
{
    QFETCH(double, x);
    QFETCH(qint64, start);
    QFETCH(qint64, end);
    QFETCH(double, width);
    QFETCH(qint64, t);
    QCOMPARE(poolscope::xToTime(x, start, end, width), t);
}

void TestTimelineCoordinates::roundTrip_data()
{
    QTest::addColumn<qint64>("start");
    QTest::addColumn<qint64>("end");
    QTest::addColumn<double>("width");
    QTest::newRow("1 s on 1000 px") << qint64(0) << qint64(1'000'000'000) << 1000.0;
    QTest::newRow("zoomed to 1 µs") << qint64(5'000'000'000) << qint64(5'000'001'000) << 1600.0;
    QTest::newRow("odd sizes") << qint64(123'457) << qint64(987'654'321) << 777.0;
    QTest::newRow("a day, zoomed") << qint64(86'399'000'000'000) << qint64(86'400'000'000'000) << 1920.0;
}

// One unit either way: a time maps back to itself within a nanosecond, a pixel within a pixel's width
// of nanoseconds, so a click lands on what was drawn there.
void TestTimelineCoordinates::roundTrip()
{
    QFETCH(qint64, start);
    QFETCH(qint64, end);
    QFETCH(double, width);
    const qint64 px = poolscope::nsPerPixel(start, end, width);
    for (int i = 0; i <= 200; ++i) {
        const qint64 t = start + (end - start) * i / 200;
        const double x = poolscope::timeToX(t, start, end, width);
        QVERIFY2(std::abs(poolscope::xToTime(x, start, end, width) - t) <= 1, qPrintable(QString::number(t)));
        const double xi = width * i / 200.0;
        const qint64 ti = poolscope::xToTime(xi, start, end, width);
        QVERIFY(std::abs(poolscope::timeToX(ti, start, end, width) - xi) <= 1.0);
        QVERIFY(std::abs(ti - (start + qint64((end - start) * (xi / width)))) <= px);
    }
}

void TestTimelineCoordinates::laneAt_data()
{
    QTest::addColumn<double>("y");
    QTest::addColumn<double>("top");
    QTest::addColumn<double>("laneHeight");
    QTest::addColumn<int>("count");
    QTest::addColumn<int>("lane");
    QTest::newRow("first lane, top edge") << 40.0 << 40.0 << 20.0 << 4 << 0;
    QTest::newRow("first lane, just above the next") << 59.9 << 40.0 << 20.0 << 4 << 0;
    QTest::newRow("second lane, its top edge") << 60.0 << 40.0 << 20.0 << 4 << 1;
    QTest::newRow("last lane") << 119.0 << 40.0 << 20.0 << 4 << 3;
    QTest::newRow("beyond last lane") << 120.0 << 40.0 << 20.0 << 4 << -1;
    QTest::newRow("far below") << 1e9 << 40.0 << 20.0 << 4 << -1;
    QTest::newRow("above the first lane") << 39.9 << 40.0 << 20.0 << 4 << -1;
    QTest::newRow("negative y") << -5.0 << 0.0 << 20.0 << 4 << -1;
    QTest::newRow("no lanes") << 45.0 << 40.0 << 20.0 << 0 << -1;
    QTest::newRow("zero lane height") << 45.0 << 40.0 << 0.0 << 4 << -1;
    QTest::newRow("not a number") << qQNaN() << 40.0 << 20.0 << 4 << -1;
    QTest::newRow("fractional heights") << 40.0 + 3 * 13.7 + 0.01 << 40.0 << 13.7 << 5 << 3;
}

void TestTimelineCoordinates::laneAt()
{
    QFETCH(double, y);
    QFETCH(double, top);
    QFETCH(double, laneHeight);
    QFETCH(int, count);
    QFETCH(int, lane);
    QCOMPARE(poolscope::laneAt(y, top, laneHeight, count), lane);
    if (lane >= 0) {
        // laneTop is its inverse
        QVERIFY(poolscope::laneTop(lane, top, laneHeight) <= y);
        QVERIFY(poolscope::laneTop(lane + 1, top, laneHeight) > y);
    }
}

void TestTimelineCoordinates::nsPerPixel()
{
    QCOMPARE(poolscope::nsPerPixel(0, 1000, 100), qint64(10));
    QCOMPARE(poolscope::nsPerPixel(0, 1000, 3000), qint64(1)); // never below one
    QCOMPARE(poolscope::nsPerPixel(0, 0, 100), qint64(1));
    QCOMPARE(poolscope::nsPerPixel(0, 1001, 100), qint64(11)); // rounds up: a pixel covers it all
}

QTEST_APPLESS_MAIN(TestTimelineCoordinates)
#include "tst_timecoordinates.moc"
