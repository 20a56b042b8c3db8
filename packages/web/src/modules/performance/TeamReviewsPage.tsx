import { TeamReviewsPage } from './ReviewsPage';

export default TeamReviewsPage;
