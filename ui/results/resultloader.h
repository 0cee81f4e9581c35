#pragma once

#include <cosmoserror.h>
#include <pager.h>

#include <querymetrics.h>

#include <QElapsedTimer>
#include <QJsonArray>
#include <QObject>
#include <QPointer>
#include <QQueue>

#include <functional>

namespace Cosmoscope {

class ResultModel;

/// Drives a Pager into a ResultModel: "Load more" fetches one page, "Load all" drains with
/// bigger pages until the end or cancel. Rows reach the model in small chunks, one chunk per
/// event-loop turn, so the window stays responsive while 100,000 items arrive.
class ResultLoader : public QObject
{
    Q_OBJECT
public:
    /// Makes a pager for `pageSize`; the loader owns it (parented to the loader).
    using PagerFactory = std::function<Cosmos::Pager *(int pageSize, QObject *parent)>;

    struct Stats
    {
        qint64 items = 0;
        int pages = 0;
        double requestCharge = 0;
        qint64 requestMs = 0; ///< sum of the pages' round trips
        qint64 wallMs = 0;    ///< from run to last page
        QString activityId;   ///< of the last page
        QString region;       ///< the region that answered the last page, when known
        QString queryMetrics;
        QString indexMetrics;
        double lastPageCharge = 0;
        Cosmos::QueryMetrics metricsTotal; ///< summed over the pages that returned them
    };

    explicit ResultLoader(ResultModel *model, QObject *parent = nullptr);

    void setPageSizes(int pageSize, int drainPageSize);
    /// Clears the model and fetches the first page.
    void start(PagerFactory factory);
    void loadMore();
    void loadAll();
    void cancel();

    bool isBusy() const;
    bool isDraining() const { return m_draining; }
    bool hasMore() const;
    Stats stats() const { return m_stats; }
    static int chunkRows() { return 500; }

Q_SIGNALS:
    void stateChanged();
    void pageLoaded();
    void failed(const Cosmos::CosmosError &error);
    /// The last page is in the model.
    void finished();

private:
    void onPage(const Cosmos::FeedPage &page);
    void onFailed(const Cosmos::CosmosError &error);
    void pump();
    void requestNext();
    void attach(Cosmos::Pager *pager);

    ResultModel *m_model;
    PagerFactory m_factory;
    QPointer<Cosmos::Pager> m_pager;
    int m_pagerPageSize = 0;
    int m_pageSize = 100;
    int m_drainPageSize = 1000;
    quint64 m_generation = 0;
    QQueue<Cosmos::FeedPage> m_queue; ///< pages waiting to be appended (items and their text)
    int m_queueOffset = 0;
    bool m_pumpScheduled = false;
    bool m_draining = false;
    bool m_pagerDone = false;
    Stats m_stats;
    QElapsedTimer m_wall;
};

} // namespace Cosmoscope
