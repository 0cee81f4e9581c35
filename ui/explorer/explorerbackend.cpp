#include "explorerbackend.h"

#include <cosmosclient.h>
#include <pager.h>

namespace Cosmoscope {

using namespace Cosmos;

CosmosExplorerBackend::CosmosExplorerBackend(CosmosClient *client, int pageSize)
    : m_client(client)
    , m_pageSize(pageSize)
{
}

void CosmosExplorerBackend::list(const ResourcePath &feed,
                                 const QString &continuation,
                                 QObject *context,
                                 ListCallback callback)
{
    if (!m_client) {
        ListPage page;
        page.error = CosmosError::invalidInput(QObject::tr("The connection was closed."));
        callback(page);
        return;
    }
    CosmosRequest request = CosmosRequest::get(feed);
    request.options.maxItemCount = m_pageSize;
    GatewayPageSource source(m_client, request);
    source.fetch(continuation, context, [callback](const FeedPage &feedPage) {
        ListPage page;
        page.resources = feedPage.items;
        page.continuation = feedPage.continuation;
        page.error = feedPage.error;
        callback(page);
    });
}

} // namespace Cosmoscope
