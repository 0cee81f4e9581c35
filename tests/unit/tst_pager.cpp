#include <cosmosclient.h>
#include <pager.h>

#include <QSignalSpy>
#include <QTest>
#include <QTimer>

using namespace Cosmos;

/// A scripted page source: answers continuation → page, asynchronously (or synchronously).
class FakeSource : public PageSource
{
public:
    struct Step
    {
        int items = 0;
        QString next;
        bool fail = false;
    };
    QHash<QString, Step> steps;
    QStringList requested;
    bool synchronous = false;
    int delayMs = 0;
    int answered = 0; ///< callbacks made so far

    PendingRequest *fetch(const QString &continuation, QObject *context,
                          PageCallback callback) override
    {
        requested << continuation;
        const Step step = steps.value(continuation);
        FeedPage page;
        for (int i = 0; i < step.items; ++i)
            page.items.append(QJsonObject{{"id", continuation + QString::number(i)}});
        page.continuation = step.next;
        page.requestCharge = 1.5;
        if (step.fail) {
            page.error.kind = CosmosError::Kind::Service;
            page.error.status = 503;
        }
        if (synchronous) {
            ++answered;
            callback(page);
        } else {
            QTimer::singleShot(delayMs, context, [this, callback, page] {
                ++answered;
                callback(page);
            });
        }
        return nullptr;
    }
};

class tst_Pager : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void emptyPageWithContinuationIsNotTheEnd();
    void endsOnlyWithoutContinuation();
    void synchronousSource();
    void failureKeepsPosition();
    void cancelThenResume();
    void startFromSavedContinuation();
    void fetchWhileBusyIsIgnored();
    void repeatedContinuationFailsTheDrain();
    void prefetchRequestsNextPageBeforeItIsAsked();
    void prefetchedFailureWaitsForTheAsk();
    void cancelWithPageHeldKeepsOrder();
};

static FakeSource *makeSource()
{
    auto s = new FakeSource;
    s->steps.insert(QString(), {2, QStringLiteral("c1")});
    s->steps.insert(QStringLiteral("c1"), {0, QStringLiteral("c2")}); // empty, not the end
    s->steps.insert(QStringLiteral("c2"), {0, QStringLiteral("c3")});
    s->steps.insert(QStringLiteral("c3"), {3, QString()});
    return s;
}

void tst_Pager::emptyPageWithContinuationIsNotTheEnd()
{
    FakeSource *source = makeSource();
    Pager pager{std::unique_ptr<PageSource>(source)};
    QSignalSpy pages(&pager, &Pager::pageReady);
    QSignalSpy finished(&pager, &Pager::finished);
    pager.fetchNext();
    QVERIFY(pages.wait());
    QCOMPARE(pager.itemsFetched(), 2);
    QVERIFY(pager.hasMore());
    pager.fetchNext();
    QTRY_COMPARE(pages.size(), 2);
    QCOMPARE(pages.last().first().value<FeedPage>().items.size(), 0);
    QVERIFY(pager.hasMore());
    QCOMPARE(finished.size(), 0);
}

void tst_Pager::endsOnlyWithoutContinuation()
{
    FakeSource *source = makeSource();
    Pager pager{std::unique_ptr<PageSource>(source)};
    QSignalSpy finished(&pager, &Pager::finished);
    connect(&pager, &Pager::pageReady, &pager, [&pager] {
        if (pager.hasMore())
            pager.fetchNext();
    });
    pager.fetchNext();
    QVERIFY(finished.wait());
    QCOMPARE(source->requested, (QStringList{QString(), "c1", "c2", "c3"}));
    QCOMPARE(pager.itemsFetched(), 5);
    QCOMPARE(pager.pagesFetched(), 4);
    QCOMPARE(pager.totalRequestCharge(), 6.0);
    QVERIFY(!pager.hasMore());
    QVERIFY(!pager.isBusy());
    pager.fetchNext(); // finished: ignored
    QCOMPARE(source->requested.size(), 4);
}

void tst_Pager::synchronousSource()
{
    FakeSource *source = makeSource();
    source->synchronous = true;
    Pager pager{std::unique_ptr<PageSource>(source)};
    QSignalSpy pages(&pager, &Pager::pageReady);
    pager.fetchNext();
    QCOMPARE(pages.size(), 1);
    QVERIFY(!pager.isBusy()); // a synchronous answer must not leave the pager stuck busy
    pager.fetchNext();
    QCOMPARE(pages.size(), 2);
    QCOMPARE(pager.continuation(), QStringLiteral("c2"));
}

void tst_Pager::failureKeepsPosition()
{
    FakeSource *source = makeSource();
    source->steps[QStringLiteral("c1")].fail = true;
    Pager pager{std::unique_ptr<PageSource>(source)};
    QSignalSpy pages(&pager, &Pager::pageReady);
    QSignalSpy failed(&pager, &Pager::failed);
    pager.fetchNext();
    QVERIFY(pages.wait());
    pager.fetchNext();
    QVERIFY(failed.wait());
    QCOMPARE(failed.first().first().value<CosmosError>().status, 503);
    QCOMPARE(pager.continuation(), QStringLiteral("c1"));
    source->steps[QStringLiteral("c1")].fail = false;
    pager.fetchNext(); // retry the same page
    QVERIFY(pages.wait());
    QCOMPARE(source->requested, (QStringList{QString(), "c1", "c1"}));
}

void tst_Pager::cancelThenResume()
{
    FakeSource *source = makeSource();
    source->delayMs = 50;
    Pager pager{std::unique_ptr<PageSource>(source)};
    QSignalSpy pages(&pager, &Pager::pageReady);
    QSignalSpy failed(&pager, &Pager::failed);
    pager.fetchNext();
    QVERIFY(pages.wait());
    pager.fetchNext();
    QVERIFY(pager.isBusy());
    pager.cancel();
    QVERIFY(!pager.isBusy());
    // The cancelled page never arrives, and cancelling is not a failure.
    QVERIFY(!pages.wait(150));
    QCOMPARE(failed.size(), 0);
    QCOMPARE(pager.continuation(), QStringLiteral("c1"));
    pager.fetchNext();
    QVERIFY(pages.wait());
    QCOMPARE(pages.size(), 2);
    QCOMPARE(pager.continuation(), QStringLiteral("c2"));
}

void tst_Pager::startFromSavedContinuation()
{
    FakeSource *source = makeSource();
    Pager pager{std::unique_ptr<PageSource>(source)};
    pager.setContinuation(QStringLiteral("c3"));
    QSignalSpy finished(&pager, &Pager::finished);
    pager.fetchNext();
    QVERIFY(finished.wait());
    QCOMPARE(source->requested, QStringList{QStringLiteral("c3")});
    QCOMPARE(pager.itemsFetched(), 3);
}

void tst_Pager::fetchWhileBusyIsIgnored()
{
    FakeSource *source = makeSource();
    Pager pager{std::unique_ptr<PageSource>(source)};
    QSignalSpy pages(&pager, &Pager::pageReady);
    pager.fetchNext();
    pager.fetchNext();
    QVERIFY(pages.wait());
    QCOMPARE(source->requested.size(), 1);
}

void tst_Pager::repeatedContinuationFailsTheDrain()
{
    auto source = new FakeSource;
    source->steps.insert(QString(), {2, QStringLiteral("a")});
    source->steps.insert(QStringLiteral("a"), {1, QStringLiteral("b")});
    source->steps.insert(QStringLiteral("b"), {1, QStringLiteral("a")}); // a loop back to "a"
    Pager pager{std::unique_ptr<PageSource>(source)};
    QSignalSpy failed(&pager, &Pager::failed);
    QSignalSpy finished(&pager, &Pager::finished);
    connect(&pager, &Pager::pageReady, &pager, [&pager] {
        if (pager.hasMore())
            pager.fetchNext();
    });
    pager.fetchNext();
    QVERIFY(failed.wait());
    const CosmosError e = failed.first().first().value<CosmosError>();
    QCOMPARE(e.kind, CosmosError::Kind::Damaged);
    QVERIFY2(e.message.contains(QStringLiteral("\"a\" again")), qPrintable(e.message));
    QVERIFY2(e.message.contains(QStringLiteral("3 item(s)")), qPrintable(e.message));
    QCOMPARE(source->requested, (QStringList{QString(), "a", "b"}));
    QCOMPARE(finished.size(), 0);
}

QTEST_GUILESS_MAIN(tst_Pager)
#include "tst_pager.moc"

void tst_Pager::prefetchRequestsNextPageBeforeItIsAsked()
{
    FakeSource *source = makeSource();
    Pager pager{std::unique_ptr<PageSource>(source)};
    pager.setPrefetch(true);
    QStringList delivered; // the first item id of each page, or "-" for an empty page
    QStringList requestedAtDelivery;
    connect(&pager, &Pager::pageReady, &pager, [&](const FeedPage &page) {
        delivered << (page.items.isEmpty() ? QStringLiteral("-")
                                           : page.items.first().toObject().value("id").toString());
        requestedAtDelivery << source->requested.join(QLatin1Char(','));
    });
    QSignalSpy finished(&pager, &Pager::finished);
    pager.fetchNext();
    QTRY_COMPARE(delivered.size(), 1);
    // The request for the page after the first went out before the caller asked for it.
    QCOMPARE(requestedAtDelivery.first(), QStringLiteral(",c1"));
    QCOMPARE(pager.continuation(), QStringLiteral("c1")); // after the page delivered, not ahead
    while (!finished.count()) {
        pager.fetchNext();
        QTRY_VERIFY(!pager.isBusy());
    }
    QCOMPARE(delivered, QStringList({"0", "-", "-", "c30"}));
    QCOMPARE(source->requested, QStringList({"", "c1", "c2", "c3"})); // each page once
    QCOMPARE(pager.itemsFetched(), 5);
    QVERIFY(!pager.hasMore());
}

void tst_Pager::prefetchedFailureWaitsForTheAsk()
{
    FakeSource *source = makeSource();
    source->steps[QStringLiteral("c1")].fail = true;
    Pager pager{std::unique_ptr<PageSource>(source)};
    pager.setPrefetch(true);
    QSignalSpy pages(&pager, &Pager::pageReady);
    QSignalSpy failed(&pager, &Pager::failed);
    pager.fetchNext();
    QVERIFY(pages.wait());
    QTRY_COMPARE(source->answered, 2); // the failing page was fetched ahead...
    QCOMPARE(failed.count(), 0);        // ...but its error waits until the caller asks
    pager.fetchNext();
    QTRY_COMPARE(failed.count(), 1);
    QVERIFY(failed.first().first().value<CosmosError>().message.contains("2 item(s)"));
}

void tst_Pager::cancelWithPageHeldKeepsOrder()
{
    FakeSource *source = makeSource();
    source->steps.insert(QStringLiteral("c1"), {1, QStringLiteral("c2")});
    Pager pager{std::unique_ptr<PageSource>(source)};
    pager.setPrefetch(true);
    QStringList delivered;
    connect(&pager, &Pager::pageReady, &pager, [&](const FeedPage &page) {
        for (const QJsonValue &v : page.items)
            delivered << v.toObject().value("id").toString();
    });
    pager.fetchNext();
    QTRY_COMPARE(delivered.size(), 2);
    QTRY_COMPARE(source->answered, 2); // page c1 arrived ahead and is held
    pager.fetchNext();
    pager.cancel(); // before the held page is delivered
    QCoreApplication::processEvents(); // the delivery it queued finds nothing to deliver
    QCOMPARE(delivered.size(), 2);
    QVERIFY(!pager.isBusy());
    QCOMPARE(pager.continuation(), QStringLiteral("c1"));
    pager.fetchNext();
    QTRY_COMPARE(delivered.size(), 3);
    QCOMPARE(delivered.last(), QStringLiteral("c10"));
}
