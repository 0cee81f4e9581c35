#include <feedranges.h>

#include <QtTest>

using namespace Cosmos::Routing;

// Range-by-range positions: a split hands the parent's continuation to each child, in order;
// the text form resumes exactly.
class tst_FeedRanges : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void splitKeepsOrderAndContinuation();
    void textRoundTrip();
    void refusesOtherText();
};

static QList<PartitionKeyRange> threeRanges()
{
    return {{"0", "", "55", {}}, {"1", "55", "AA", {}}, {"2", "AA", "FF", {}}};
}

void tst_FeedRanges::splitKeepsOrderAndContinuation()
{
    FeedRanges ranges(threeRanges());
    ranges.setContinuation(1, QStringLiteral("\"42\""));
    ranges.setDone(0);
    ranges.split(1, {{"3", "55", "7F8", {"1"}}, {"4", "7F8", "AA", {"1"}}});
    QCOMPARE(ranges.size(), 4);
    QCOMPARE(ranges.at(0).range.id, QStringLiteral("0"));
    QVERIFY(ranges.at(0).done);
    QCOMPARE(ranges.at(1).range.id, QStringLiteral("3"));
    QCOMPARE(ranges.at(2).range.id, QStringLiteral("4"));
    QCOMPARE(ranges.at(1).continuation, QStringLiteral("\"42\""));
    QCOMPARE(ranges.at(2).continuation, QStringLiteral("\"42\""));
    QVERIFY(!ranges.at(2).done);
    QCOMPARE(ranges.at(3).range.id, QStringLiteral("2"));
    QCOMPARE(ranges.at(3).continuation, QString());
}

void tst_FeedRanges::textRoundTrip()
{
    FeedRanges ranges(threeRanges());
    ranges.setContinuation(2, QStringLiteral("cs1.eyJzIjo0fQ"));
    ranges.setDone(0);
    FeedRanges back;
    QVERIFY(FeedRanges::fromText(ranges.toText(), &back));
    QCOMPARE(back.toText(), ranges.toText());
    QCOMPARE(back.size(), 3);
    QVERIFY(back.at(0).done);
    QCOMPARE(back.at(2).range.minInclusive, QStringLiteral("AA"));
    QCOMPARE(back.at(2).continuation, QStringLiteral("cs1.eyJzIjo0fQ"));
}

void tst_FeedRanges::refusesOtherText()
{
    FeedRanges out;
    QVERIFY(!FeedRanges::fromText(QStringLiteral("\"17\""), &out)); // a plain etag
    QVERIFY(!FeedRanges::fromText(QStringLiteral("{\"ranges\":[]}"), &out));
    QVERIFY(!FeedRanges::fromText(QStringLiteral("{\"ranges\":[{\"id\":1}]}"), &out));
    QVERIFY(!FeedRanges::fromText(QStringLiteral("cosmoscope-xq:abc"), &out));
    QVERIFY(out.isEmpty());
}

QTEST_GUILESS_MAIN(tst_FeedRanges)
#include "tst_feedranges.moc"
